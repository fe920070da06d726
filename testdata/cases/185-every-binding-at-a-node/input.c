static void probe_args(struct dev *d)
{
	g(f(d->a, d->b), d->b);
	g(f(d->a, d->b), d->a);
	g(f(d->a, d->b), d->c);
}
