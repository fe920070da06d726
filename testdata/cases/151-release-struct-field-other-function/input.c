#include <linux/mm.h>

struct foo_sg {
	struct page **pages;
	unsigned long num_pages;
	int direction;
};

static void foo_free_sg(struct foo_sg *vsg)
{
	int i;

	foo_unmap_dma(vsg);
	for (i = 0; i < vsg->num_pages; i++) {
		if (vsg->direction == DMA_FROM_DEVICE)
			set_page_dirty_lock(vsg->pages[i]);
		put_page(vsg->pages[i]);
	}
	kfree(vsg->pages);
}

static int foo_lock_sg(struct foo_sg *vsg, unsigned long uaddr)
{
	int ret;

	vsg->pages = kcalloc(vsg->num_pages, sizeof(*vsg->pages), GFP_KERNEL);
	if (!vsg->pages)
		return -ENOMEM;
	ret = get_user_pages_fast(uaddr, vsg->num_pages,
				  vsg->direction == DMA_FROM_DEVICE ? FOLL_WRITE : 0,
				  vsg->pages);
	if (ret != vsg->num_pages) {
		if (ret > 0)
			vsg->num_pages = ret;
		foo_free_sg(vsg);
		return -EINVAL;
	}
	return 0;
}
