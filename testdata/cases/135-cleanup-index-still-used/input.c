#include <linux/mm.h>

static int foo_release(struct foo_req *req)
{
	int i;

	for (i = 0; i < req->nr; i++)
		put_page(req->pages[i]);
	for (i = 0; i < req->nr_sg; i++)
		sg_set_page(&req->sg[i], NULL, 0, 0);
	return 0;
}

static int foo_release_count(struct foo_req *req)
{
	int i;

	for (i = 0; i < req->nr; i++)
		put_page(req->pages[i]);
	/* the index is reused for something else */
	i = atomic_read(&req->refs);
	return i;
}
