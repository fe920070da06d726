int drop(void)
{
	return 0;
}

void f(void)
{
	a();

	b();
	c();
}

void g(void)
{
	a();

	b();

	c();
}

void h(void)
{
	a();

	b();
}

void i(void)
{

	int a;
	c();

	a();
}

#include <linux/x.h>

int drop(int x)
{
	return x;
}
int last(void)
{
	return 1;
}

int drop(long y)
{
	return 2;
}
