static void dev_release(struct dev *d)
{
	d->state = 0;
	dev_put(d);
}

static void dev_drop(struct dev *d)
{
	dev_put(d);
	return;
}
