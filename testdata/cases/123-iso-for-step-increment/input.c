#include <linux/mm.h>

static void foo_post(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

static void foo_pre(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; ++i)
		put_page(pages[i]);
}

static void foo_plus_eq(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i += 1)
		put_page(pages[i]);
}

static void foo_assign(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i = i + 1)
		put_page(pages[i]);
}

static void foo_stride(struct page **pages, int n)
{
	int i;

	/* every other page: left alone */
	for (i = 0; i < n; i += 2)
		put_page(pages[i]);
}
