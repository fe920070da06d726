#include <linux/mm.h>

/*
 * This file only mentions get_user_pages() in a comment and calls the
 * remote variant, so the comment must stay as it is.
 */
static long vb_pin_remote(struct mm_struct *mm, unsigned long start,
			  unsigned long n, struct page **pages)
{
	return get_user_pages_remote(mm, start, n, FOLL_WRITE, pages, NULL);
}
