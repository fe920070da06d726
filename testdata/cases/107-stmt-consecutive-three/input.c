#include <linux/mm.h>

static void foo_dirty_one(struct page *page)
{
	lock_page(page);
	set_page_dirty(page);
	unlock_page(page);
	put_page(page);
}

static void foo_dirty_all(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		lock_page(pages[i]);
		set_page_dirty(pages[i]);
		unlock_page(pages[i]);
	}
}

static void foo_dirty_between(struct page *page)
{
	/* something in between: not consecutive */
	lock_page(page);
	set_page_dirty(page);
	flush_dcache_page(page);
	unlock_page(page);
}

static void foo_dirty_other(struct page *page, struct page *head)
{
	/* a different page in the middle */
	lock_page(page);
	set_page_dirty(head);
	unlock_page(page);
}
