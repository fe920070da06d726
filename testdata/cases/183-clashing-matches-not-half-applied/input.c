static void baz(int x)
{
	A(1);
	A(2);
	B(x);
}
