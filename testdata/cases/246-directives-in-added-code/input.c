void foo(void);
void bar(void);

void work(void)
{
	foo();
	bar();
}

int two(void)
{
	return 2;
}
