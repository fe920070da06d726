// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helper functions for video capture buffers that the hardware reaches
 * through a scatter-gather list.
 */
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <media/videobuf-dma-sg.h>

#define VIDEOBUF_PREFAULT_PAGES	16

/*
 * Touch the first pages of a user buffer from the ioctl, so that the
 * first capture into it does not wait for page faults.
 */
static int videobuf_prefault_user(unsigned long data, int nr_pages)
{
	struct page *batch[VIDEOBUF_PREFAULT_PAGES];
	int got, i;

	got = get_user_pages_fast(data & PAGE_MASK,
				  min(nr_pages, VIDEOBUF_PREFAULT_PAGES),
				  FOLL_WRITE, batch);
	if (got <= 0)
		return got < 0 ? got : -EFAULT;

	for (i = 0; i < got; i++)
		put_page(batch[i]);
	dprintk(2, "prefaulted %d of %d pages\n", i, nr_pages);
	return 0;
}

static int videobuf_dma_init_user_locked(struct videobuf_dmabuf *dma,
					 int direction, unsigned long data,
					 unsigned long size)
{
	unsigned long first, last;
	unsigned int flags = FOLL_FORCE | FOLL_LONGTERM;
	int err;
	int i;

	dma->direction = direction;
	if (direction == DMA_FROM_DEVICE)
		flags |= FOLL_WRITE;

	first = (data & PAGE_MASK) >> PAGE_SHIFT;
	last = ((data + size - 1) & PAGE_MASK) >> PAGE_SHIFT;
	dma->offset = data & ~PAGE_MASK;
	dma->size = size;
	dma->nr_pages = last - first + 1;
	dma->pages = kcalloc(dma->nr_pages, sizeof(*dma->pages), GFP_KERNEL);
	if (!dma->pages)
		return -ENOMEM;

	dprintk(1, "init user [0x%lx+0x%lx => %d pages]\n",
		data, size, dma->nr_pages);

	err = get_user_pages(data & PAGE_MASK, dma->nr_pages,
			     flags, dma->pages, NULL);
	if (err < 0)
		goto out_free;
	if (err != dma->nr_pages) {
		for (i = err - 1; i >= 0; i--) {
			put_page(dma->pages[i]);
			dma->pages[i] = NULL;
		}
		err = -EINVAL;
		goto out_free;
	}
	return 0;

out_free:
	kfree(dma->pages);
	dma->pages = NULL;
	dma->nr_pages = 0;
	return err;
}

/*
 * A kernel buffer for drivers that cannot scatter-gather: zeroed pages of
 * our own, mapped contiguously.
 */
static int videobuf_dma_init_kernel(struct videobuf_dmabuf *dma,
				    int direction, int nr_pages)
{
	struct page **pages;
	int i;

	pages = kcalloc(nr_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	for (i = 0; i < nr_pages; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[i])
			goto out_free_pages;
	}

	dma->vaddr = vmap(pages, nr_pages, VM_MAP, PAGE_KERNEL);
	if (!dma->vaddr)
		goto out_free_pages;

	dma->vaddr_pages = pages;
	dma->nr_pages = nr_pages;
	dma->direction = direction;
	return 0;

out_free_pages:
	for (i = 0; i < nr_pages; i++) {
		if (pages[i])
			put_page(pages[i]);
	}
	kfree(pages);
	return -ENOMEM;
}

int videobuf_dma_free(struct videobuf_dmabuf *dma)
{
	int i;

	MAGIC_CHECK(dma->magic, MAGIC_DMABUF);
	BUG_ON(dma->sglen);

	if (dma->pages) {
		for (i = 0; i < dma->nr_pages; i++) {
			if (dma->pages[i])
				put_page(dma->pages[i]);
		}
		kfree(dma->pages);
		dma->pages = NULL;
	}

	if (dma->vaddr) {
		vunmap(dma->vaddr);
		for (i = 0; i < dma->nr_pages; i++)
			put_page(dma->vaddr_pages[i]);
		kfree(dma->vaddr_pages);
		dma->vaddr_pages = NULL;
		dma->vaddr = NULL;
	}

	dma->direction = DMA_NONE;
	return 0;
}
