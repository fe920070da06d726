#include <linux/mm.h>

static void vfio_unpin(struct vfio_dma *dma, bool dirty)
{
	release_user_pages(dma->pages, dma->npages, dirty);
}

static void vfio_unpin_one(struct page *page)
{
	release_user_pages(&page, 1, false);
}

static void vfio_unpin_range(struct vfio_dma *dma, unsigned long first,
			     unsigned long last)
{
	release_user_pages(dma->pages + first, last - first + 1, true);
}
