static void rx_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
}

static int rx_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}
