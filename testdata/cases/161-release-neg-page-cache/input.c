#include <linux/mm.h>
#include <linux/pagemap.h>

static int foo_read_cached(struct address_space *mapping, pgoff_t start,
			   int nr, struct page **pages, unsigned long uaddr,
			   struct page **user_pages)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, user_pages);
	if (got != nr)
		return -EFAULT;
	for (i = 0; i < nr; i++) {
		pages[i] = find_get_page(mapping, start + i);
		if (!pages[i])
			break;
	}
	foo_copy_pages(user_pages, pages, i);
	/* page cache pages: put_page() stays */
	for (i = 0; i < nr; i++) {
		if (pages[i])
			put_page(pages[i]);
	}
	return 0;
}
