#include <linux/mm.h>

#define MAX_PIN_PAGES	16

static long pin_one(unsigned long addr, struct page **page)
{
	return get_user_pages(addr, 1, FOLL_WRITE, page);
}

static long pin_batch(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, MAX_PIN_PAGES, FOLL_WRITE, pages);
}

static long pin_hex(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 0x10, 0, pages);
}
