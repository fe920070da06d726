static void foo_sync(void)
{
	foo_flush();
}

static void foo_stop(struct foo *f, char *a, char *b)
{
	if (f->busy) {
		foo_flush();
	}
	check(sizeof(*f));
	check(b - a);
	check(f->len);
}
