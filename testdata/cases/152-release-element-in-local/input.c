#include <linux/mm.h>

static int foo_write_back(unsigned long uaddr, struct page **pages, int nr,
			  bool dirty)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (got <= 0)
		return -EFAULT;
	foo_hw_write(pages, got);
	for (i = 0; i < got; i++) {
		struct page *page = pages[i];

		if (dirty)
			set_page_dirty_lock(page);
		put_page(page);
	}
	return 0;
}
