static int probe_buf(struct device *dev)
{
	char *buf __cleanup_free;

	buf = kmalloc(64, GFP_KERNEL);
	return do_probe(dev, buf);
}

static int helper(int x)
{
	int unused __maybe_unused = 0;

	return x + 1;
}
