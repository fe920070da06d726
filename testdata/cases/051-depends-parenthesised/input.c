#include <linux/mm.h>

static void rel(struct page **pages, unsigned long addr, unsigned long n)
{
	if (get_user_pages_fast(addr, n, 0, pages) != n)
		return;
	put_user_pages(pages, n);
	put_user_page(pages[0]);
}
