static int probe(int flags __attribute__((unused)), int mode)
{
	return mode;
}
