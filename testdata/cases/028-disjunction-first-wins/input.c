#include <linux/mm.h>

static long rdma_pin(unsigned long start, unsigned long n, struct page **pages)
{
	return get_user_pages(start, n, FOLL_WRITE, pages);
}

static long rdma_pin_ro(unsigned long start, unsigned long n,
			struct page **pages)
{
	return get_user_pages(start, n, 0, pages);
}

static long rdma_pin_force(unsigned long start, struct page **pages)
{
	return get_user_pages(start, 1, FOLL_WRITE | FOLL_FORCE, pages);
}
