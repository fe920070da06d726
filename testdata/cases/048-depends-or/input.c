#include <linux/mm.h>

static int probe_user(unsigned long addr)
{
	struct page *page;
	int ret = get_user_pages_fast(addr, 1, 0, &page);

	if (ret == 1)
		put_page(page);
	return ret == 1 ? 0 : -EFAULT;
}
