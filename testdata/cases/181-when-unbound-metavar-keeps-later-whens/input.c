static int foo_e(struct foo *f, int x)
{
	foo_lock(f);
	if (x)
		return -EINVAL;
	foo_unlock(f);
	return 0;
}

static void foo_f(struct foo *f)
{
	foo_lock(f);
	foo_get(f->child);
	foo_unlock(f);
}

static void foo_g(struct foo *f)
{
	foo_lock(f);
	foo_work(f);
	foo_unlock(f);
}
