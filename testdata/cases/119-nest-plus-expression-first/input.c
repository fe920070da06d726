#include <linux/mm.h>

static int foo_pin_assign(unsigned long uaddr, int nr, struct page **pages)
{
	int got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (got <= 0)
		return got ? got : -EFAULT;
	foo_dma(pages, got);
	release_pages(pages, got);
	return 0;
}

static int foo_pin_cond(unsigned long uaddr, int nr, struct page **pages)
{
	if (get_user_pages_fast(uaddr, nr, 0, pages) != nr)
		return -EFAULT;
	foo_dma(pages, nr);
	release_pages(pages, nr);
	return 0;
}

static void foo_no_gup(struct page **pages, int nr)
{
	/* no gup call in this function: left alone */
	release_pages(pages, nr);
}

static int foo_other_array(unsigned long uaddr, int nr, struct page **pages,
			   struct page **cache)
{
	int got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	/* another array: left alone */
	release_pages(cache, nr);
	return got;
}
