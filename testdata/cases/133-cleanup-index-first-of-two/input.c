#include <linux/mm.h>

static int foo_release(struct foo_req *req)
{
	int i, ret;

	ret = foo_unmap(req);
	for (i = 0; i < req->nr; i++)
		put_page(req->pages[i]);
	return ret;
}
