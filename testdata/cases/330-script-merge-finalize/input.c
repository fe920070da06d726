static void netdev_setup(struct net_device *dev)
{
	spin_lock(&dev->lock);
	netif_stop_queue(dev);
	spin_unlock(&dev->lock);
}
