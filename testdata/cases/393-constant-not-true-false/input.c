static bool link_setup(struct link *l)
{
	bool ok = true;

	l->mode = 1;
	return ok;
}

static int link_reset(struct link *l)
{
	int err = 0;

	l->mode = 0;
	return err;
}

static void *link_priv(struct link *l)
{
	void *p = NULL;

	l->mode = 2;
	return p;
}
