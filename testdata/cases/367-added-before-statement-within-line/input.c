void dev_abort(struct dev *d, int e)
{
	if (e) { d->err = e; return; }
	dev_put(d);
	return;
}
