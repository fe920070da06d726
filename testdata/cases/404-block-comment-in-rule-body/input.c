static void restart(struct device *dev)
{
	legacy_reset(dev);
	device_start(dev);
}
