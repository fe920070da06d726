#include <linux/mm.h>

/* Nothing here is pinned: the put_page() calls stay. */
static int map_user(unsigned long uaddr, int n, struct page **pages)
{
	int i, got;

	got = get_user_pages(uaddr, n, FOLL_WRITE, pages);
	if (got < 0)
		return got;
	for (i = 0; i < got; i++)
		put_page(pages[i]);
	return 0;
}
