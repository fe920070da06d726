static void poll_all(struct dev *d)
{
	if (d->ready) {
		start(d);
		finish(d);
	}
}
