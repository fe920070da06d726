void f(int *p, int *q)
{
	check(!p);
	check(q == NULL);
}
