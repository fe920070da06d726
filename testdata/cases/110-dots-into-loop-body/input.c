#include <linux/mm.h>

static int foo_copy_to_user_pages(unsigned long uaddr, int nr,
				  struct page **pages)
{
	int i;

	get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	for (i = 0; i < nr; i++) {
		foo_fill_page(pages[i]);
		set_page_dirty(pages[i]);
		put_page(pages[i]);
	}
	return 0;
}

static void foo_dirty_before(struct page **pages, unsigned long uaddr, int nr)
{
	int i;

	/* dirtied before the gup call: left alone */
	for (i = 0; i < nr; i++)
		set_page_dirty(pages[i]);
	get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
}
