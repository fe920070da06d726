static void foo_show(struct foo *foo, int x, int y, int z)
{
	int m = min(min(x, y),
		    z);

	foo_dbg(foo, "min %d\n",
		m);
	foo_dbg(foo, "x=%d y=%d z=%d\n", x,y,z);
}
