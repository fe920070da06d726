#include <linux/mm.h>

static int vfio_pin_one(unsigned long vaddr, struct page **page)
{
	int ret = pin_user_pages(vaddr, 1, FOLL_WRITE, page);

	if (ret == 1 && !PageReserved(*page)) {
		put_page(*page);
		return -EINVAL;
	}
	return ret;
}
