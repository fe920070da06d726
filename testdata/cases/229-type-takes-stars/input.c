static void release(struct page **pages)
{
	unpin_user_pages(pages, 1);
}

static int fill(void)
{
	struct page **pages = kcalloc(16, sizeof(*pages), GFP_KERNEL);
	int n = 0;

	return pages ? n : -ENOMEM;
}
