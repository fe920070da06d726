#include <linux/mm.h>

static void bio_release_pages(struct page **pages, unsigned long npages)
{
	put_user_pages_dirty(pages, npages);
}

static void bio_release_tail(struct page **pages, unsigned long npages)
{
	put_user_pages_dirty(pages + 1, npages - 1);
}
