static int scan(void)
{
	unsigned long long total;
	unsigned long int count;
	unsigned char flag;
	unsigned plain;
	long long other;

	total = count = flag = plain = other = 0;
	return total;
}
