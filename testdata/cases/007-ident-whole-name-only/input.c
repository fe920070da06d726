#include <linux/mm.h>

void put_user_pages_dirty_lock(struct page **pages, unsigned long npages,
			       bool make_dirty);
void __put_user_pages(struct page **pages, unsigned long npages);

static void finish_io(struct page **pages, unsigned long n, bool dirty)
{
	/* put_user_pages() is not enough here, the pages are dirty */
	if (dirty)
		put_user_pages_dirty_lock(pages, n, true);
	else
		__put_user_pages(pages, n);
	pr_debug("put_user_pages: %lu pages\n", n);
	my_put_user_pages_count++;
}
