#include <linux/mm.h>

static int foo_xfer(struct foo_dev *fdev, unsigned long uaddr, int nr,
		    struct page **pages)
{
	int i, got;

	got = get_user_pages_fast(uaddr, nr, 0, pages);
	if (got < 0)
		return got;
	foo_xfer_pages(fdev, pages, got);
	for (i = 0; i < got; i++)
		put_page(pages[i]);

	/* i is set again before its next use: the declaration stays */
	for (i = 0; i < FOO_NR_QUEUES; i++)
		foo_kick_queue(fdev, i);
	return 0;
}
