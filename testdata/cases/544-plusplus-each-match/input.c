static void swap_refs(struct net_device *a, struct net_device *b)
{
	dev_get(b, a);
	dev_put(a, b, a);
}
