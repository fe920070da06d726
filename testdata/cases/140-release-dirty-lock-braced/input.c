#include <linux/mm.h>
#include <linux/slab.h>

static int foo_dma_user(struct foo_dev *fdev, unsigned long uaddr, int nr,
			bool write)
{
	struct page **pages;
	int i, got;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	got = get_user_pages_fast(uaddr, nr, write ? FOLL_WRITE : 0, pages);
	if (got < 0) {
		kfree(pages);
		return got;
	}

	foo_dma(fdev, pages, got);

	for (i = 0; i < got; i++) {
		if (write)
			set_page_dirty_lock(pages[i]);
		put_page(pages[i]);
	}
	kfree(pages);
	return 0;
}
