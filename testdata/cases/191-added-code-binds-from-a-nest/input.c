static void one(struct dev *d)
{
	lock(d);
	submit(d->req);
	unlock(d);
}

static void two(struct dev *d)
{
	lock(d);
	submit(d->req);
	submit(d->next);
	unlock(d);
}
