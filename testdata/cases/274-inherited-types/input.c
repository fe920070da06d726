void g(void)
{
	short a;
}

void f(void)
{
	short s;
	long l;
	int i;
	float q = 0;
	char c = 0;
	unsigned u;

	take(i);
	show(u);
	show(i);
	show(s);
}
