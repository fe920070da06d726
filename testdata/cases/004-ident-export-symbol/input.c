// SPDX-License-Identifier: GPL-2.0-only
#include <linux/mm.h>
#include <linux/export.h>

void put_user_pages_dirty_lock(struct page **pages, unsigned long npages,
			       bool make_dirty)
{
	unsigned long i;

	for (i = 0; i < npages; i++) {
		if (make_dirty && !PageDirty(pages[i]))
			set_page_dirty_lock(pages[i]);
		put_user_page(pages[i]);
	}
}
EXPORT_SYMBOL(put_user_pages_dirty_lock);

void put_user_pages(struct page **pages, unsigned long npages)
{
	put_user_pages_dirty_lock(pages, npages, false);
}
EXPORT_SYMBOL_GPL(put_user_pages);
