#include <linux/mm.h>

static int gup_fast_probe(unsigned long addr, struct page **page)
{
	if (__get_user_pages_fast(addr, 1, 1, page) != 1)
		return -EFAULT;
	return 0;
}

static int gup_fast_many(unsigned long addr, int nr, struct page **pages)
{
	int pinned;

	pinned = __get_user_pages_fast(addr, nr,
				       FOLL_WRITE,
				       pages);
	return pinned ?: __get_user_pages_fast();
}
