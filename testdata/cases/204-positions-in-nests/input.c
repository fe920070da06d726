int f(int rc, int a, int b)
{
	if (a > 3)
		return rc < 0 ? rc : 0;
	return a < b ? a : b;
}
