#include <linux/slab.h>
#include <linux/string.h>

static struct page **alloc_page_array(unsigned long n)
{
	struct page **pages;

	/* only the first half is cleared: not a kzalloc */
	pages = kmalloc(n * sizeof(*pages), GFP_KERNEL);
	memset(pages, 0, n / 2 * sizeof(*pages));
	return pages;
}

static void alloc_two(struct page ***a, struct page ***b, size_t sz)
{
	*a = kmalloc(sz, GFP_KERNEL);
	memset(*b, 0, sz);
}
