// SPDX-License-Identifier: GPL-2.0
/*
 * Shared application/kernel submission and completion ring pairs, for
 * supporting fast/efficient IO.
 */
#include <linux/kernel.h>
#include <linux/mm.h>

static int io_sqe_buffer_unregister(struct io_ring_ctx *ctx)
{
	int i, j;

	for (i = 0; i < ctx->nr_user_bufs; i++) {
		struct io_mapped_ubuf *imu = &ctx->user_bufs[i];

		for (j = 0; j < imu->nr_bvecs; j++)
			put_user_page(imu->bvec[j].bv_page);

		kvfree(imu->bvec);
		imu->nr_bvecs = 0;
	}
	return 0;
}

static int io_sqe_buffer_register(struct io_ring_ctx *ctx, unsigned long ubuf,
				  int nr_pages, struct page **pages)
{
	int pret, ret = 0;

	down_read(&current->mm->mmap_sem);
	pret = get_user_pages(ubuf, nr_pages,
			      FOLL_WRITE | FOLL_LONGTERM,
			      pages, vmas);
	up_read(&current->mm->mmap_sem);
	if (pret != nr_pages) {
		/*
		 * if we did partial map, or found file backed vmas,
		 * release any pages we did get
		 */
		if (pret > 0)
			put_user_pages(pages, pret);
		ret = -EFAULT;
	}
	return ret;
}
