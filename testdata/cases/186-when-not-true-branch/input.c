static int probe_plain(struct dev *d)
{
	d->buf = kmalloc(64, GFP_KERNEL);
	setup(d->buf);
	return 0;
}

static int probe_both_branches(struct dev *d)
{
	d->buf = kmalloc(64, GFP_KERNEL);
	if (!d->buf || d->size > 64)
		setup(d->buf);
	else
		setup(d->buf);
	return 0;
}

static int probe_after_null_check(struct dev *d)
{
	d->buf = kmalloc(64, GFP_KERNEL);
	if (d->buf == NULL)
		return -ENOMEM;
	setup(d->buf);
	return 0;
}
