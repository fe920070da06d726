#include <linux/mm.h>

static long pin_n(unsigned long addr, unsigned long nr_pages,
		  struct page **pages)
{
	return get_user_pages(addr, nr_pages, FOLL_WRITE, pages);
}

static long pin_expr(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, ctx->nr + 1, FOLL_WRITE, pages);
}

static long pin_mixed_case(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, MaxPages, FOLL_WRITE, pages);
}
