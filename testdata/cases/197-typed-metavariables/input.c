struct holder {
	struct page *pg;
	long count;
};

int counter;

void release(struct page *a, struct holder *h, unsigned long *words, int n)
{
	struct folio *f = folio_of(a);
	int i = 0;

	put_page(a);
	put_page(h->pg);
	put_page((struct page *)f);
	put_page(q);
	memset(words, 0, n * sizeof(unsigned long));
	memset(words, 0, n * sizeof(long));
	if (words == 0 || h->count == 0 || i == 0)
		return;
	i = i + 1;
	counter = counter + 1;
}
