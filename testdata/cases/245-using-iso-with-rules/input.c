void f(int *p)
{
	free((void *)p);
	free((void *)(p));
}
