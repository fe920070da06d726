#include <linux/mm.h>

static int foo_grab(struct foo_dev *fdev)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *spare = alloc_page(GFP_KERNEL);

	if (page == NULL)
		return -ENOMEM;
	if (!spare)
		return -ENOMEM;
	fdev->page = page;
	fdev->spare = spare;
	return 0;
}

static void foo_drop(struct foo_dev *fdev)
{
	if (fdev->page != NULL)
		put_page(fdev->page);
	if (fdev->spare)
		put_page(fdev->spare);
}
