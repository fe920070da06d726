#include <linux/mm.h>

static int foo_grab(struct foo_dev *fdev)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *spare = alloc_page(GFP_KERNEL);

	if (page == NULL)
		return -ENOMEM;
	if (!spare)
		return -ENOMEM;
	/* not a NULL test */
	if (page == spare)
		return -ENOMEM;
	fdev->page = page;
	fdev->spare = spare;
	return 0;
out_nomem:
	foo_free_pages(page, spare);
	return -ENOMEM;
}

static void foo_drop(struct foo_dev *fdev)
{
	if (fdev->page != NULL)
		put_page(fdev->page);
	if (fdev->spare)
		put_page(fdev->spare);
	/* not a NULL test either */
	if (!fdev->keep)
		put_page(fdev->keep);
}
