#include <linux/mm.h>

static void foo_finish_else(struct foo_req *req)
{
	int i;

	if (req->keep)
		foo_keep(req);
	else
		for (i = 0; i < req->nr; i++)
			put_page(req->pages[i]);
}
