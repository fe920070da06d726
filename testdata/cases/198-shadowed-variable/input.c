void f(void)
{
	char *buf = get();

	lock(buf);
	{
		char *buf = other();

		unlock(buf);
	}
	unlock(buf);
}

void g(void)
{
	char *buf = get();

	lock(buf);
	use(buf);
	unlock(buf);
}
