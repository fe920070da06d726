unsigned int get_count(struct ring *r);

static int ring_check(struct ring *r)
{
	unsigned int n;

	n = get_count(r);
	if (n < 0)
		return -EINVAL;
	return FLAGS_OF(RING_BUSY) | FLAGS_OF(4);
}
