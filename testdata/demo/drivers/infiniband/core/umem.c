/*
 * Copyright (c) 2005 Topspin Communications.  All rights reserved.
 */
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <rdma/ib_umem.h>

static void __ib_umem_release(struct ib_device *dev, struct ib_umem *umem, int dirty)
{
	struct sg_page_iter sg_iter;
	struct page *page;

	if (umem->nmap > 0)
		ib_dma_unmap_sg(dev, umem->sg_head.sgl, umem->sg_nents,
				DMA_BIDIRECTIONAL);

	for_each_sg_page(umem->sg_head.sgl, &sg_iter, umem->sg_nents, 0) {
		page = sg_page_iter_page(&sg_iter);
		put_user_pages_dirty_lock(&page, 1, umem->writable && dirty);
	}

	sg_free_table(&umem->sg_head);
}

struct ib_umem *ib_umem_get(struct ib_udata *udata, unsigned long addr,
			    size_t size, int access)
{
	struct page **page_list;
	unsigned long npages;
	unsigned int gup_flags = FOLL_WRITE;
	int ret;

	page_list = (struct page **) __get_free_page(GFP_KERNEL);
	if (!page_list)
		return ERR_PTR(-ENOMEM);

	while (npages) {
		ret = get_user_pages_fast(cur_base,
					  min_t(unsigned long, npages,
						PAGE_SIZE / sizeof(struct page *)),
					  gup_flags | FOLL_LONGTERM,
					  page_list);
		if (ret < 0)
			goto umem_release;
		npages -= ret;
	}
	return umem;

umem_release:
	put_user_pages(page_list, ret);
	return ERR_PTR(ret);
}
