static void foo_run(struct foo *f)
{
	{
		lock_dev();
		f->count++;
		lock_dev();
	}
}

static int foo_init(struct foo *f)
{
	int ret;
	static int calls;

	ret = setup(f);
	use(ret);
	use(calls);
	return ret;
}
