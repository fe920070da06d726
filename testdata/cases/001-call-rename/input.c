#include <linux/mm.h>

/* Call put_user_page() when done; see put_user_pages. */
static int foo(struct page **pages, int n)
{
	int ret = get_user_pages(start,   (n + 1));
	if (ret < 0)
		return ret;
	put_user_pages(pages, n);
	put_user_page(pages[0]);
	return get_user_pages(a, b) + get_user_pages(c,
						     d);
}
void put_user_page(struct page *page);
EXPORT_SYMBOL(put_user_page);
#define X(p) put_user_page(p)
