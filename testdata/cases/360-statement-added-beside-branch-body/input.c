static void reset(struct dev *d)
{
	if (d->busy) d->state = 0;
}
