void f(int a)
{
	if (a) {
		g();
	}
	h();
	if (a)
		g();
	h();
}
