void f(int x, int y, int *p)
{
	old_call(x-y, *p+1);
	old_call(a[i].b, -x);
	if (x&&ready)
		return;
	x = 2 * twice(y) - twice(y - 1);
	x = twice(y);
}
