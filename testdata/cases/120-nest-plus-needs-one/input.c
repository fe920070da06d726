#include <linux/mm.h>

static void foo_release_locked(struct mm_struct *mm, struct page *page)
{
	mmap_read_lock(mm);
	if (page)
		put_page(page);
	mmap_read_unlock(mm);
}

static void foo_touch_locked(struct mm_struct *mm, struct page *page)
{
	mmap_read_lock(mm);
	foo_touch(page);
	mmap_read_unlock(mm);
	put_page(page);
}
