static int start(struct device *dev, int err)
{
	if (err)
		dev_err(dev, "start failed\n"), put_device(dev);
	else
		dev_info(dev, "started\n"), get_device(dev);
	return err;
}
