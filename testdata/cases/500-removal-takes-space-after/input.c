static int check_flags(struct device *dev, int flags)
{
	if (0 == (flags &  FLAG_READY) ||  1 == dev->state)
		return -EINVAL;
	dev->count = 1 +   dev->count;
	return 0;
}
