#include <linux/mm.h>

static int foo_dma_user(struct foo_dev *fdev, unsigned long uaddr, int nr,
			struct page **pages)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	foo_dma(fdev, pages, got);
	/* the loop also unmaps each page: left alone */
	for (i = 0; i < got; i++) {
		dma_unmap_page(fdev->dev, fdev->dma[i], PAGE_SIZE,
			       DMA_FROM_DEVICE);
		set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	return 0;
}
