#include <linux/mm.h>

static void foo_complete(struct foo_req *req)
{
	int i;

	if (req->write) {
		for (i = 0; i < req->nr; i++) {
			if (req->pages[i]) {
				set_page_dirty(req->pages[i]);
				put_page(req->pages[i]);
			}
		}
	}
	set_page_dirty(req->head);
	put_page(req->head);
}
