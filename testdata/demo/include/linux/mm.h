/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/gfp.h>
#include <linux/mm_types.h>

struct page;
struct vm_area_struct;

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);

/*
 * Pages obtained with get_user_pages*() for DMA must be released with
 * put_user_page() or put_user_pages(), never with put_page().
 */
void put_user_page(struct page *page);
void put_user_pages_dirty_lock(struct page **pages, unsigned long npages,
			       bool make_dirty);
void put_user_pages(struct page **pages, unsigned long npages);

#endif /* _LINUX_MM_H */
