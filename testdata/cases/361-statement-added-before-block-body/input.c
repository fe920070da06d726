static void count(struct dev *d)
{
	if (d->flags) {
		d->n++;
	}
}
