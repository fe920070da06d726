static void release(struct net_device *dev, struct dev_ref *ref)
{
	dev_put(dev, ref);
	dev_put(ref, ref);
	dev_put(dev, dev);
}
