#include <linux/mm.h>

static void drop_all(struct page **pages, unsigned long last)
{
	put_user_pages((pages), (last + 1));
	put_user_pages(pages, ((last + 1)));
	put_user_pages(pages, last);
}

static unsigned long user_off(unsigned long idx, unsigned long off)
{
	unsigned long a = (idx << PAGE_SHIFT) + off;
	unsigned long b = 4 + ((idx << PAGE_SHIFT));

	return a + b;
}
