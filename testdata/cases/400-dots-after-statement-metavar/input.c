static int probe_one(struct device *dev) { if (!dev) return -ENODEV; dev->flags = 0; return 0; }

static int probe_two(struct device *dev)
{
	return 0;
}
