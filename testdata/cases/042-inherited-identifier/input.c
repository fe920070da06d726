#include <linux/mm.h>

static int dma_map_user(unsigned long uaddr, int n, struct page **pinned_pages,
			struct page **scratch)
{
	int i, got;

	got = pin_user_pages(uaddr, n, FOLL_WRITE, pinned_pages);
	if (got < 0)
		return got;
	for (i = 0; i < got; i++) {
		put_page(pinned_pages[i]);
		/* scratch pages come from alloc_page(): keep put_page() */
		put_page(scratch[i]);
	}
	return 0;
}
