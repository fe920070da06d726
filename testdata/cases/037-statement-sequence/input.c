#include <linux/mm.h>

static void release_one(struct page *page)
{
	set_page_dirty_lock(page);
	put_page(page);
}

static void release_loop(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
}

static void release_apart(struct page *page, struct page *other)
{
	set_page_dirty_lock(page);
	count_vm_event(PGFREE);
	put_page(page);
	set_page_dirty_lock(page);
	put_page(other);
}
