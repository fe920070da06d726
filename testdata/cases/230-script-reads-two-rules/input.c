static struct file_operations fops = {
	.open = dev_open,
	.read = dev_read,
	.open = dev_open2,
};

static int pick(int a)
{
	int ret = 0;

	if (a)
		ret = -EINVAL;
	if (a > 2)
		a = 1;
	else
		a = 1;
	if (a > 3)
		a = 2;
	return ret;
}

static int plain(void)
{
	int err = 0;

	return err;
}
