#include <linux/slab.h>

static struct page **alloc_pages_array(unsigned long n)
{
	return kmalloc(n * sizeof(struct page *), GFP_KERNEL);
}

static unsigned long *alloc_pfns(unsigned long n)
{
	return kmalloc(n * sizeof(unsigned long), GFP_KERNEL | __GFP_NOWARN);
}

static void *alloc_objs(unsigned long n, struct page **pages)
{
	/* sizeof an expression, not a type: left alone */
	return kmalloc(n * sizeof(*pages), GFP_KERNEL);
}
