section("init") int f1(void)
{
	return 1;
}

section("exit") int f1(void)
{
	return 1;
}

section("exit", 2) int f2(void)
{
	return 2;
}

section("exit") cold int f2(void)
{
	return 3;
}

int f2(void)
{
	int b cold = 1;
	int c = 1;
	int d packed(2) = 1;
	return b + c + d;
}
