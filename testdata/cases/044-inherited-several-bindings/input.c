#include <linux/mm.h>

static int map_src(unsigned long src, int n, struct page **src_pages)
{
	int got = pin_user_pages_fast(src, n, 0, src_pages);

	if (got != n)
		release_pages(src_pages, got);
	return got == n ? 0 : -EFAULT;
}

static int map_dst(unsigned long dst, int n, struct page **dst_pages,
		   struct page **bounce)
{
	int got = pin_user_pages_fast(dst, n, FOLL_WRITE, dst_pages);

	if (got != n) {
		release_pages(dst_pages, got);
		release_pages(bounce, n);
	}
	return got == n ? 0 : -EFAULT;
}
