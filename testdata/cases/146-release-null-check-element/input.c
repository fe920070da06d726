#include <linux/mm.h>

static int foo_probe_user(struct page **pages, unsigned long uaddr, int nr)
{
	int i, got, ret;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got <= 0)
		return -EFAULT;
	ret = foo_scan(pages, got);

	for (i = 0; i < got; i++) {
		if (pages[i])
			put_page(pages[i]);
	}
	return ret;
}
