static int alloc_plain(struct dev *d)
{
	d->buf = kmalloc(64, GFP_KERNEL);
	memset(d->buf, 0, 64);
	return 0;
}

static int alloc_checked(struct dev *d)
{
	d->map = kmalloc(d->len, GFP_KERNEL);
	if (d->map == NULL)
		return -ENOMEM;
	memset(d->map, 0, d->len);
	return 0;
}

static int alloc_other_test(struct dev *d)
{
	d->tab = kmalloc(32, GFP_KERNEL);
	if (!d->ready)
		return -EBUSY;
	memset(d->tab, 0, 32);
	return 0;
}
