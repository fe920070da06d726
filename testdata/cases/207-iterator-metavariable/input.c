void f(struct list_head *h)
{
	struct item *x;

	list_for_each_entry(x, h, node) {
		if (x == NULL)
			continue;
		use(x);
	}
	for (x = first; x; x = x->next) {
		if (x == NULL)
			continue;
	}
}
