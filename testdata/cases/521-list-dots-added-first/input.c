static int probe_one(int flags)
{
	return 0;
}

static int probe_two(void *data, int flags)
{
	return 0;
}

static void notify(void)
{
	dev_notify(0,1);
}
