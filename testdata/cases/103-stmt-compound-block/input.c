#include <linux/mm.h>

static void foo_release_one(struct foo_buf *buf)
{
	if (buf->dirty) {
		set_page_dirty_lock(buf->page);
		put_page(buf->page);
	}
	buf->page = NULL;
}

static void foo_release_count(struct foo_buf *buf)
{
	/* the block does a third thing: left alone */
	if (buf->dirty) {
		set_page_dirty_lock(buf->page);
		put_page(buf->page);
		buf->nr_released++;
	}
}
