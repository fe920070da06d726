#include <linux/mm.h>

static void io_buffer_unmap(struct io_mapped_ubuf *imu)
{
	unsigned int i;

	for (i = 0; i < imu->nr_bvecs; i++)
		put_user_pages(&imu->bvec[i].bv_page, 1);
}

static void io_sqe_buffer_unregister(struct io_ring_ctx *ctx,
				     struct page **pages, int nr)
{
	if (nr > 0)
		put_user_pages(pages, nr);
	kvfree(pages);
}
