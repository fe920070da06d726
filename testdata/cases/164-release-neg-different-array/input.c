#include <linux/mm.h>

static int foo_swap_bufs(struct foo_dev *fdev, unsigned long uaddr, int nr)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, fdev->user_pages);
	if (got != nr)
		return -EFAULT;
	/* the old bounce pages were never gup'd: left alone */
	for (i = 0; i < nr; i++) {
		set_page_dirty_lock(fdev->bounce[i]);
		put_page(fdev->bounce[i]);
	}
	release_pages(fdev->bounce, nr);
	return 0;
}

static void foo_drop_bounce(struct foo_dev *fdev, int nr)
{
	int i;

	/* bounce pages in another function: still not gup'd */
	for (i = 0; i < nr; i++)
		put_page(fdev->bounce[i]);
}
