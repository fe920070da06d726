#include <linux/mm.h>

static int foo_pin(unsigned long uaddr, int nr, struct page **pages)
{
	int got;

	got = get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (got != nr)
		goto out_release;
	if (nr == got)
		foo_all_pinned();
	return 0;
out_release:
	return -EFAULT;
}

static int foo_pin_rev(unsigned long uaddr, int nr, struct page **pages)
{
	int got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (nr != got)
		goto out_release;
	return 0;
out_release:
	return -EFAULT;
}
