#include <linux/mm.h>

static void foo_finish(struct foo_req *req)
{
	int i;

	if (req->failed)
		for (i = 0; i < req->nr; i++)
			put_page(req->pages[i]);
	req->done = true;
}

static void foo_finish_else(struct foo_req *req)
{
	int i;

	if (req->keep)
		foo_keep(req);
	else
		for (i = 0; i < req->nr; i++)
			put_page(req->pages[i]);
}

static void foo_finish_loop(struct foo_req **reqs, int n)
{
	int i, j;

	for (j = 0; j < n; j++)
		for (i = 0; i < reqs[j]->nr; i++)
			put_page(reqs[j]->pages[i]);
}
