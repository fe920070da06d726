#include <linux/mm.h>

static void foo_release(struct page **pages, int n, struct page **extra, int m)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);

	for (i = 0; i < m; i++) {
		put_page(extra[i]);
	}

	/* two statements in the body: not the pattern */
	for (i = 0; i < m; i++) {
		put_page(extra[i]);
		extra[i] = NULL;
	}
}
