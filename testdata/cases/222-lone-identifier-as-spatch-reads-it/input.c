void put_user_page(struct page *page);

static void release(struct page **pages, int n)
{
	void (*put)(struct page *) = put_user_page;

	put_user_page(pages[0]);
	put(pages[1]);
}
EXPORT_SYMBOL(put_user_page);
