void m(struct res *p, int i)
{
	f();
	f(1);
	f(1, 2);
	f(1, 2, 3);
	f(1, 2, 3, 4);
	h(1);
	h(1, 2);
	if (p)
		use(p);
	if (i)
		use(i);
}
