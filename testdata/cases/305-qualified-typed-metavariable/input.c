static const int limits[] = { 1, 2, 3 };
static int values[] = { 4, 5 };

static void check(void)
{
	const int max = 8;
	int cur = 0;

	SIZE_CHECK(max, int);
	SIZE_CHECK(cur, int);
	SIZE_CHECK(max, const int);
	use(sizeof(limits) / sizeof(int), sizeof(values) / sizeof(int));
}
