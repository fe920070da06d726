static int limit;
#define LIMIT_MAX 64

static int clamp_limit(int want)
{
	limit = want;
	return limit;
}
