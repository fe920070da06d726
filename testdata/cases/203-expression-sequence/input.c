int f(struct dev *d)
{
	if (start(d) < 0)
		return -EIO;
	d->state = 1;
	return finish(d, 0);
}

int g(struct dev *d)
{
	int ret = start(d);

	ret = finish(d, ret);
	return ret;
}

int h(struct dev *d)
{
	start(d);
	return 0;
}
