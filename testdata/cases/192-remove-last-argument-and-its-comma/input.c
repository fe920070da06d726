static void notify(struct dev *d)
{
	dev_notify(legacy_flags());
	dev_notify(d, legacy_flags());
	dev_notify(legacy_flags(), d->id);
	dev_notify(d, legacy_flags(), d->id);
}
