/* Needs custom.hints: a local iterator and a local annotation. */
static int __foo_section foo_walk(struct foo_dev *dev)
{
	struct foo_item *p;
	int n = 0;

	foo_walk_items(p, &dev->items)
		n += p->count;
	return n;
}
