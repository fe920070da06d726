static int copy_chunk(char *dst, const char *src)
{
	int len, off;
	unsigned count, total;
	long flags, mask;
	int ret, i;
	int len2;
	unsigned count2;

	for (i = 0; i < 4; i++)
		dst[i] = src[i];
	return 0;
}
