#include <linux/mm.h>

static long foo_read_user(struct foo_dev *fdev, unsigned long uaddr,
			  struct page **pages, int nr)
{
	long ret;
	int i, got;

	mmap_read_lock(current->mm);
	got = get_user_pages(uaddr, nr, 0, pages, NULL);
	mmap_read_unlock(current->mm);
	if (got <= 0)
		return got ? got : -EFAULT;

	ret = foo_copy_from_pages(fdev, pages, got);

	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return ret;
}
