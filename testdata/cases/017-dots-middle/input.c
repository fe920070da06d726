#include <linux/mm.h>

static long pin_remote_one(struct mm_struct *mm, unsigned long addr,
			   struct page **page)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, page);
}

static long pin_remote_many(struct mm_struct *mm, unsigned long addr,
			    unsigned long n, struct page **pages)
{
	long got = get_user_pages_remote(mm, addr, n,
					 FOLL_WRITE | FOLL_LONGTERM,
					 pages);

	return got;
}
