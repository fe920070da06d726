#include <linux/mm.h>

/*
 * Pin the user buffer with get_user_pages(); the caller drops the
 * references with put_page() once the DMA has completed.
 */
static long vb_pin(unsigned long start, unsigned long n, struct page **pages)
{
	long ret;

	mmap_read_lock(current->mm);
	ret = get_user_pages(start, n, FOLL_WRITE, pages);
	mmap_read_unlock(current->mm);
	return ret;
}
