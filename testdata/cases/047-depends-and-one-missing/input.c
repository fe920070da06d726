#include <linux/mm.h>

/* pins, but never calls put_page(): the last rule must not run. */
static int vfio_pin_one(unsigned long vaddr, struct page **page)
{
	int ret = pin_user_pages(vaddr, 1, FOLL_WRITE, page);

	if (ret == 1)
		get_page(*page);
	return ret;
}
