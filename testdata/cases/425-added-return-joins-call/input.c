static int foo_sync(struct foo_dev *foo)
{
	foo_lock(foo);
	foo_flush(foo);
	return 0;
}
