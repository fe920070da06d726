#include <linux/mm.h>

static void rel(struct page *page)
{
	put_user_page(page);
}
