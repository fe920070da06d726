#include <linux/mm.h>

static int foo_map_sg(struct foo_sg *sg, unsigned long uaddr, bool dirty)
{
	struct page **pages = sg->pages;
	int i, ret;

	ret = get_user_pages_fast(uaddr, sg->nr, dirty ? FOLL_WRITE : 0, pages);
	if (ret != sg->nr)
		return -EFAULT;
	ret = foo_hw_transfer(sg);
	for (i = 0; i < sg->nr; i++) {
		if (dirty)
			set_page_dirty(pages[i]);
		put_page(pages[i]);
	}
	return ret;
}
