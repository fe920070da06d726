#include <linux/mm.h>

static int foo_release_count(struct page **pages, int got)
{
	int i;

	for (i = 0; i < got; i++)
		put_page(pages[i]);
	/* the index is read after the loop: left alone */
	return i;
}

static void foo_release(struct foo_dev *fdev, struct page **pages, int got)
{
	int i;

	for (i = 0; i < got; i++)
		put_page(pages[i]);
	fdev->nr_pages = 0;
}
