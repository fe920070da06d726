#include <linux/mm.h>

static void foo_release_range(struct mm_struct *mm, struct page **pages,
			      int nr, struct page *extra)
{
	int i;

	put_page(extra);
	mmap_read_lock(mm);
	for (i = 0; i < nr; i++) {
		if (PageDirty(pages[i]))
			put_page(pages[i]);
		else
			foo_keep(pages[i]);
	}
	if (extra)
		put_page(extra);
	mmap_read_unlock(mm);
	put_page(extra);
}

static void foo_nothing_inside(struct mm_struct *mm, struct page *page)
{
	/* no put_page() inside the lock: the nest matches zero times */
	mmap_read_lock(mm);
	foo_touch(page);
	mmap_read_unlock(mm);
	put_page(page);
}
