void f(char *a, char *b)
{
	setup();
	memset(a, 0, 16);
	kfree(a);
	kfree(b);
}
