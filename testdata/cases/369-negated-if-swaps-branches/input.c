static int dev_pick(struct dev *d, int n)
{
	if (d->buf != NULL)
		use(d->buf);
	else
		alloc(d);
	if (d->next)
		dev_pick(d->next, n);
	else
		n++;
	if (dev_ready(d))
		go(d);
	else
		wait(d);
	if (n > 0)
		n--;
	else
		n++;
	return n;
}
