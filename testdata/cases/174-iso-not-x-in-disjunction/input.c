static int foo_check(struct foo *d, struct foo *e)
{
	if (!d || foo_invalid(d))
		return -EINVAL;
	if (e == NULL || foo_invalid(e))
		return -ENODEV;
	return (NULL == d->next) || foo_invalid(d->next);
}
