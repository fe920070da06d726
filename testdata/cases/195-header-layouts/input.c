void f(int x)
{
	old(x + 1);
	other();
	g((flag_t)stays);
}
