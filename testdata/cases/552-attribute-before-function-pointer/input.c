static int run_cb(void *data, int __cb_attr (*cb)(int), int arg)
{
	return cb(arg);
}
