#include <linux/mm.h>

static void release(struct page *page, struct page **pages, unsigned long addr)
{
	put_user_page(page);
	put_user_page(pages[0]);
	put_user_page(virt_to_page(addr));
	put_user_page(&pages[1]->lru == NULL ? page : pages[1]);
}
