#include <linux/mm.h>

static int vec_pin(struct frame_vector *vec, struct frame_vector *other,
		   unsigned long start, int nr)
{
	int ret;

	ret = pin_user_pages_fast(start, nr, FOLL_WRITE, vec->pages);
	if (ret < nr) {
		release_pages(vec->pages, ret);
		release_pages(other->pages, other->nr);
		return -EFAULT;
	}
	return 0;
}
