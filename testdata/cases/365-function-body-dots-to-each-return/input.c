void dev_close(struct dev *d)
{
	if (!d)
		return;
	if (d->open) {
		d->open = 0;
		return;
	}
	dev_put(d);
}
