#include <linux/mm.h>

static long pin_locked(struct mm_struct *mm, unsigned long addr,
		       struct page **pages, int *locked)
{
	long ret;

	ret = get_user_pages_locked(mm, addr, 1, pages, locked);
	if (ret < 0)
		return ret;
	/* no arguments after the mm: the dots match nothing */
	return ret + get_user_pages_locked(current->mm);
}
