/* via_dmablit.c -- PCI DMA BitBlt support for the VIA Unichrome/Pro */
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "via_drv.h"
#include "via_dmablit.h"

static void
via_free_sg_info(struct pci_dev *pdev, drm_via_sg_info_t *vsg)
{
	int i;

	switch (vsg->state) {
	case dr_via_device_mapped:
		via_unmap_blit_from_device(pdev, vsg);
		/* fall through */
	case dr_via_desc_pages_alloc:
		for (i = 0; i < vsg->num_desc_pages; i++) {
			if (vsg->desc_pages[i])
				put_page(vsg->desc_pages[i]);
		}
		kfree(vsg->desc_pages);
		/* fall through */
	case dr_via_pages_locked:
		for (i = 0; i < vsg->num_pages; i++) {
			if ((vsg->direction == DMA_FROM_DEVICE) &&
			    !PageReserved(vsg->pages[i]))
				SetPageDirty(vsg->pages[i]);
			put_page(vsg->pages[i]);
		}
		/* fall through */
	case dr_via_pages_alloc:
		vfree(vsg->pages);
		/* fall through */
	default:
		vsg->state = dr_via_sg_init;
	}
}

static int
via_lock_all_dma_pages(drm_via_sg_info_t *vsg, drm_via_dmablit_t *xfer)
{
	int ret;
	unsigned long first_pfn = VIA_PFN(xfer->mem_addr);

	vsg->num_pages = VIA_PFN(xfer->mem_addr + (xfer->num_lines * xfer->mem_stride - 1)) -
		first_pfn + 1;

	vsg->pages = vzalloc(array_size(sizeof(struct page *), vsg->num_pages));
	if (NULL == vsg->pages)
		return -ENOMEM;
	down_read(&current->mm->mmap_sem);
	ret = get_user_pages((unsigned long)xfer->mem_addr,
			     vsg->num_pages,
			     (vsg->direction == DMA_FROM_DEVICE) ? FOLL_WRITE : 0,
			     vsg->pages, NULL);
	up_read(&current->mm->mmap_sem);
	if (ret != vsg->num_pages) {
		if (ret < 0)
			return ret;
		vsg->state = dr_via_pages_locked;
		return -EINVAL;
	}
	vsg->state = dr_via_pages_locked;
	return 0;
}

/*
 * The descriptor chain the engine walks lives in pages of our own, one
 * page holding descriptors_per_page descriptors.
 */
static int
via_alloc_desc_pages(drm_via_sg_info_t *vsg)
{
	int i;

	vsg->desc_pages = kcalloc(vsg->num_desc_pages, sizeof(struct page *),
				  GFP_KERNEL);
	if (!vsg->desc_pages)
		return -ENOMEM;

	vsg->state = dr_via_desc_pages_alloc;
	for (i = 0; i < vsg->num_desc_pages; i++) {
		vsg->desc_pages[i] = alloc_page(GFP_KERNEL);
		if (!vsg->desc_pages[i])
			return -ENOMEM;
	}
	return 0;
}
