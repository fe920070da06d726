static int pin(unsigned long start, struct page **pages)
{
	int ret, npages, i;
	unsigned int flags, locked;
	struct page tmp, *p2, tmp2;

	ret = pin_user_pages(start, npages, flags, pages);
	for (i = 0; i < ret; i++)
		p2 = pages[i];
	return ret;
}

static void drop(void)
{
	char *tmp;
	int tmp2, tmp;
}
