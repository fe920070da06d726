/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_GUP_H
#define _LINUX_MM_GUP_H

#include <linux/types.h>

struct page;

void put_user_page(struct page *page);
void put_user_pages(struct page **pages, unsigned long npages);
extern void put_user_page(struct page *);
static inline void put_user_page_dirty(struct page *page)
{
	set_page_dirty(page);
	put_user_page(page);
}

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas);

#endif /* _LINUX_MM_GUP_H */
