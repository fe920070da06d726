static void reset(struct dev *d)
{
	char *buf;
	legacy_init(buf);
	buf = d->scratch;

	if (d->mode) {
		d->mode = 0;
		buf = NULL;
	}

	buf = d->tail;
	d->len = 0;
}
