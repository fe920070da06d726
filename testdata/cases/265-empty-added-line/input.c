int f(int ready)
{
	setup();
	return 0;
}
