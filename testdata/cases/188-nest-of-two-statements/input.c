static void poll_queue(struct dev *d)
{
	while (d->busy) {
		if (d->stop) {
			xxx();
			break;
		}
		if (d->skip) {
			xxx();
			continue;
		}
		d->busy--;
	}
}
