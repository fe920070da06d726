#include <linux/mm.h>

static void rel(struct page **pages, unsigned long n)
{
	unpin_user_pages_dirty_lock(pages, n, 0);
	release_pages_locked(pages, n, 0);
}
