#include <linux/mm.h>

static void buf_release(struct pinned_buf *buf)
{
	if (buf->page) {
		put_user_page(buf->page);
	}
	buf->len = 0;
}
