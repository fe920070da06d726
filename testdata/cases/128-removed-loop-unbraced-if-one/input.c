#include <linux/mm.h>

static void foo_finish(struct foo_req *req, bool keep)
{
	int i;

	if (req->failed)
		for (i = 0; i < req->nr; i++)
			put_page(req->pages[i]);
	else if (!keep)
		for (i = 0; i < req->nr; i++)
			put_page(req->pages[i]);
	else
		for (i = 0; i < req->nr_extra; i++)
			put_page(req->extra[i]);
	req->nr = 0;
}
