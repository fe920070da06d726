#include <linux/mm.h>

static int grab(unsigned long addr, struct page **pages, int n)
{
	int got = get_user_pages(addr, n, 0, pages);

	if (got < n) {
		release_pages(pages, got);
		return -EFAULT;
	}
	get_page(pages[0]);
	put_page(pages[0]);
	return 0;
}
