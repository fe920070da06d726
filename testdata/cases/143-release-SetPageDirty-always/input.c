#include <linux/mm.h>

static int foo_fill_user(unsigned long uaddr, int nr_pages, const void *src)
{
	struct page *pages[FOO_MAX_PAGES];
	int i, got;

	got = get_user_pages_fast(uaddr, nr_pages, FOLL_WRITE, pages);
	if (got < 0)
		return got;

	foo_copy_to_pages(pages, got, src);

	for (i = 0; i < got; i++) {
		SetPageDirty(pages[i]);
		put_page(pages[i]);
	}
	return got == nr_pages ? 0 : -EFAULT;
}
