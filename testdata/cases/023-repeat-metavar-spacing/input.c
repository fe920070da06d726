#include <linux/slab.h>
#include <linux/string.h>

static struct page **alloc_page_array(unsigned long n)
{
	struct page **pages;

	pages = kmalloc(n * sizeof(*pages), GFP_KERNEL);
	memset(pages, 0, n*sizeof( *pages ));
	return pages;
}

static struct gup_ctx *alloc_ctx(void)
{
	struct gup_ctx *ctx;

	ctx = kmalloc(sizeof(struct gup_ctx), GFP_KERNEL);
	memset(ctx,0,sizeof (struct gup_ctx));
	return ctx;
}
