#include <linux/mm.h>

static long gup_read(unsigned long addr, unsigned long n, struct page **pages)
{
	return get_user_pages(addr, n, 0, pages);
}
