static void rx_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
}
