static int xmit(struct net_device *dev, unsigned int len, int flags)
{
	return dev_queue(dev, len);
}

static void reset(struct hw *hw)
{
	hw_reset(hw);
}
