static void names(void)
{
	const char *a = "first";
	char const *b = "second";
	char *c = "third";

	use(a, b, c);
}
