// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>

/**
 * put_user_pages() - release an array of gup-pinned pages.
 * @pages:  array of pages to be marked dirty and released.
 * @npages: number of pages in the @pages array.
 */
void put_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long index;

	for (index = 0; index < npages; index++)
		put_user_page(pages[index]);
}

static void release_all(struct page **pages, unsigned long npages)
{
	if (npages)
		put_user_pages(pages, npages);
}
