/*
 * Copyright (c) 2005 Topspin Communications.  All rights reserved.
 */
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <rdma/ib_umem.h>

struct ib_umem *ib_umem_get(struct ib_udata *udata, unsigned long addr,
			    size_t size, int access)
{
	struct ib_umem *umem;
	struct page **page_list;
	unsigned long npages, cur_base;
	unsigned int gup_flags = FOLL_WRITE;
	int ret;

	umem = kzalloc(sizeof(*umem), GFP_KERNEL);
	if (!umem)
		return ERR_PTR(-ENOMEM);
	umem->address = addr;
	umem->length = size;
	umem->writable = ib_access_writable(access);

	page_list = (struct page **) __get_free_page(GFP_KERNEL);
	if (!page_list) {
		ret = -ENOMEM;
		goto umem_kfree;
	}

	npages = ib_umem_num_pages(umem);
	cur_base = addr & PAGE_MASK;
	if (!umem->writable)
		gup_flags |= FOLL_FORCE;

	while (npages) {
		ret = get_user_pages_fast(cur_base,
					  min_t(unsigned long, npages,
						PAGE_SIZE / sizeof(struct page *)),
					  gup_flags | FOLL_LONGTERM,
					  page_list);
		if (ret < 0)
			goto umem_release;

		if (ib_umem_append_pages(umem, page_list, ret)) {
			release_pages(page_list, ret);
			ret = -ENOMEM;
			goto umem_release;
		}
		cur_base += ret * PAGE_SIZE;
		npages -= ret;
	}

	free_page((unsigned long) page_list);
	return umem;

umem_release:
	ib_umem_release_pages(umem);
	free_page((unsigned long) page_list);
umem_kfree:
	kfree(umem);
	return ERR_PTR(ret);
}
