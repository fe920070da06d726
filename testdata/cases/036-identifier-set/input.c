#include <linux/mm.h>

static void release_three(struct page *a, struct page *b, struct page *c)
{
	put_page(a);
	put_user_page(b);
	folio_put(page_folio(c));
}
