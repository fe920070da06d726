#include <linux/mm.h>

static int foo_capture(struct foo_cap *cap, unsigned long uaddr, int n)
{
	struct page **pages = cap->pages;
	int i, ret;

	ret = get_user_pages_fast(uaddr, n, FOLL_WRITE, pages);
	if (ret != n)
		return -EFAULT;
	foo_capture_frame(cap);
	for (i = 0; i < n; i++) {
		if (!PageReserved(pages[i]))
			SetPageDirty(pages[i]);
		put_page(pages[i]);
	}
	return 0;
}
