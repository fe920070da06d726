static void reset(struct dev *d)
{
	legacy_reset(d);
	fast_reset(d);
	legacy_flush(d->queue);
}
