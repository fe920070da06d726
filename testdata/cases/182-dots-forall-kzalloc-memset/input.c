static int bar_setup(struct bar *b, int n)
{
	u8 *buf;
	int i;

	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		buf[i] = i;
	if (n < 64)
		memset(buf, 0, 64);
	b->buf = buf;
	return 0;
}

static int bar_init(struct bar *b)
{
	u8 *buf;

	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0, 64);
	b->buf = buf;
	return 0;
}
