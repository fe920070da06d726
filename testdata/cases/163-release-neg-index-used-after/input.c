#include <linux/mm.h>

static int foo_dma_user(struct foo_dev *fdev, unsigned long uaddr, int nr)
{
	struct page **pages = fdev->pages;
	int i, got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got < 0)
		return got;
	foo_dma(fdev, pages, got);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	/* the index is read after the loop: left alone */
	fdev->released += i;
	return 0;
}

static void foo_dma_done(struct foo_dev *fdev)
{
	int i;

	for (i = 0; i < fdev->nr; i++) {
		set_page_dirty_lock(fdev->user_pages[i]);
		put_page(fdev->user_pages[i]);
	}
	/* here too */
	fdev->released += i;
}

static int foo_dma_start(struct foo_dev *fdev, unsigned long uaddr)
{
	return get_user_pages_fast(uaddr, fdev->nr, FOLL_WRITE,
				   fdev->user_pages);
}
