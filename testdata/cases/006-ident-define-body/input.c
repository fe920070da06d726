#include <linux/mm.h>

#define release_pinned(p)	put_user_page(p)
#define RELEASE_FN		put_user_page

#define release_range(pages, n)				\
	do {						\
		unsigned long __i;			\
		for (__i = 0; __i < (n); __i++)		\
			put_user_page((pages)[__i]);	\
	} while (0)

static void drop(struct page *page)
{
	release_pinned(page);
}
