static int dev_bind(struct dev *d, struct dev_ops *ops)
{
	if (!ops)
		return -EINVAL;
	if (dev_lookup_parent(d, ops->name, ops->flags) ==
	    NULL)
		return -ENODEV;
	d->ops = ops;
	return 0;
}
