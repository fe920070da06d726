static int scan(char *buf, char *end, int off, long n)
{
	if (buf + off == 0)
		return -1;
	if (end - buf == 0)
		return 0;
	if (off + buf == 0)
		return -2;
	check(n * off);
	check(off + 1);
	check(n + unknown);
	test(off < n);
	test(-n);
	test(off + 'a');
	return 1;
}
