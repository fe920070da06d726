#include <linux/mm.h>

static long gup_read(unsigned long addr, unsigned long n, struct page **pages)
{
	return get_user_pages(addr, n, 0, pages);
}

static long gup_pin(unsigned long addr, unsigned long n, struct page **pages)
{
	return pin_user_pages(addr, n, FOLL_LONGTERM, pages);
}
