#include <linux/mm.h>
#include <linux/gfp.h>

static int foo_alloc_ring(struct foo_ring *ring, unsigned long uaddr)
{
	int i, ret;

	for (i = 0; i < ring->nr; i++) {
		ring->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!ring->pages[i])
			goto fail;
	}
	/* gup fills another array: ring->pages never came from gup */
	ret = get_user_pages_fast(uaddr, 1, FOLL_WRITE, &ring->user_page);
	if (ret != 1)
		goto fail;
	return 0;
fail:
	for (i = 0; i < ring->nr; i++) {
		if (ring->pages[i])
			put_page(ring->pages[i]);
	}
	return -ENOMEM;
}

static void foo_free_ring(struct foo_ring *ring)
{
	int i;

	for (i = 0; i < ring->nr; i++) {
		set_page_dirty(ring->pages[i]);
		put_page(ring->pages[i]);
	}
}
