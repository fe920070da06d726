static int helper(int a)
{
	return 1;
}

int api(int a)
{
	int x = helper(a);
	return x;
}
