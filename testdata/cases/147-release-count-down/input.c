#include <linux/mm.h>

static int foo_map_frames(struct foo_frames *fr, unsigned long uaddr)
{
	int i, got;

	got = get_user_pages_fast(uaddr, fr->count, FOLL_WRITE, fr->pages);
	if (got == fr->count)
		return foo_map(fr);

	for (i = got - 1; i >= 0; i--) {
		set_page_dirty_lock(fr->pages[i]);
		put_page(fr->pages[i]);
	}
	return -EFAULT;
}
