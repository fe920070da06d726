void f(int a, int b, char *s)
{
	dbg("value %08lx here", a);
	dbg("value %8lx here", a);
	dbg("no descriptor");
	pr("x: %d and %d\n", a, b);
	pr("x: %d\n", a);
	pr("x: %d %d %d\n", a, b, a);
	pr("yx: %d and %d\n", a, b);
	warn("name %s", s);
	warn("100%% sure %d", a);
	warn("%s", s);
}
