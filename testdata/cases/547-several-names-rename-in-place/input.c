static int probe_one(struct device *dev)
{
	int ret, err;
	char name, tmp, mode;

	err = dev_init(dev, &name, &mode, &tmp);
	return err;
}
