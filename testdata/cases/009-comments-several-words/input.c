#include <linux/mm.h>

/*
 * Release the pages of a completed request. Pages that the device wrote
 * to are released with put_user_pages_dirty_lock(), the others with
 * put_user_pages(). A single page goes through put_user_page().
 */
static void req_release(struct page **pages, unsigned long n, bool wrote)
{
	if (n == 1)
		put_user_page(pages[0]);		/* put_user_page: fast path */
	else if (wrote)
		put_user_pages_dirty_lock(pages, n, true);
	else
		put_user_pages(pages, n);
}
