static void netdev_setup(struct net_device *dev)
{
	netif_stop_queue(dev);
}
