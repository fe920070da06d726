static int foo_parse(void)
{
	const char * const * old_names;

	return foo_scan(old_names);
}
