void f(int n, int *a)
{
	int i, j = 0;

	for (i = 0; i <= n - 1; i++)
		a[i] = 0;
	if (j > n - 1)
		return;
	j += (n);
	j = (a[0]);
	j == (n);
}
