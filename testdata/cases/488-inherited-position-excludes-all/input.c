static int setup(struct adapter *ad)
{
	ad->tx = kmalloc(64, GFP_KERNEL);
	if (!ad->tx)
		return -ENOMEM;
	ad->rx = kmalloc(64, GFP_KERNEL);
	if (!ad->rx)
		return -ENOMEM;
	ad->stats = kmalloc(32, GFP_KERNEL);
	ad->map = map_alloc(ad);
	if (!ad->map)
		return -ENOMEM;
	return 0;
}
