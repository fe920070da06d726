#include <linux/mm.h>

struct pinned_buf {
	struct page *page;
	unsigned int offset;
};

static void buf_release(struct pinned_buf *buf)
{
	if (buf->page) {
		put_user_page(buf->page);
	}
	buf->offset = 0;
}
