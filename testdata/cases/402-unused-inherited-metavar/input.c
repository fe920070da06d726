void sync_dev(struct device *dev)
{
	legacy_flush();
	dev->dirty = 0;
}
