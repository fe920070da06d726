#include <linux/mm.h>

static int foo_dma_user(struct foo_dev *fdev, unsigned long uaddr, int nr,
			struct page **pages)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got < 0)
		return got;
	foo_dma(fdev, pages, got);
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	/*
	 * The index is read after the loop: left alone, even though pages
	 * is a parameter named like the array gup fills.
	 */
	fdev->released += i;
	return 0;
}
