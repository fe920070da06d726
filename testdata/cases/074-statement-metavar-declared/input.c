#include <linux/mm.h>

static void rel_all(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_user_page(pages[i]);
}
