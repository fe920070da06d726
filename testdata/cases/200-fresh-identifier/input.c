void g(struct dev *d)
{
	reset(d);
	unlock(d);
}
