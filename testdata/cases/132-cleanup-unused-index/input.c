#include <linux/mm.h>

static void foo_release(struct foo_req *req)
{
	unsigned int i;

	foo_unmap(req);
	for (i = 0; i < req->nr; i++)
		put_page(req->pages[i]);
	kfree(req->pages);
}
