/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _GUP_COMPAT_H
#define _GUP_COMPAT_H

struct page;

void put_user_pages_dirty(struct page **pages, unsigned long npages);
void put_user_pages_dirty_lock(struct page **pages, unsigned long npages);
void put_user_pages(struct page **pages, unsigned long npages);

#endif
