static void foo_release(struct foo *f, struct page *pg)
{
	foo_put(f->buf);
	foo_put(NULL);
	page_put(pg);
	page_put(NULL);
}
