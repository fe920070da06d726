static int count(int n, unsigned int flags, const int *tab)
{
	int i, total = 0;
	long int big = (int)flags;
	unsigned char c = sizeof(int);
	char d = 0;

	for (i = 0; i < n; i++)
		total += tab[i] + c + d;
	return total + big;
}
