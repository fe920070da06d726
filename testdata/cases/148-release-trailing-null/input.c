#include <linux/mm.h>

static void foo_user_buf_fill(struct foo_user_buf *ub, unsigned long uaddr)
{
	int i, n;

	n = get_user_pages_fast(uaddr, ub->nr, 0, ub->pages);
	if (n <= 0)
		return;
	foo_consume(ub, n);
	for (i = 0; i < n; i++) {
		put_page(ub->pages[i]);
		ub->pages[i] = NULL;
	}
}
