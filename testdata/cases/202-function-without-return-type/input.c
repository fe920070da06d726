static const char *name(struct dev *d)
{
	return d->name;
}

static inline int unused_helper(int x)
{
	return x + 1;
}

void probe(void)
{
	setup();
}
