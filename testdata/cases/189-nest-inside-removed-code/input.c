static void trace(struct dev *d)
{
	if (d->debug) { pr_debug("a\n"); d->count++; }
	if (d->debug) { other(d); }
	if (d->debug) {
		pr_debug("b %d\n", d->n);
		pr_debug("c\n");
	}
	d->done = 1;
}
