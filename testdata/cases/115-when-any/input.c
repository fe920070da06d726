#include <linux/mm.h>

static int foo_peek_user(unsigned long uaddr, u32 *val)
{
	struct page *page;
	void *kaddr;

	get_user_pages_fast(uaddr, 1, 0, &page);
	get_page(page);
	kaddr = kmap(page);
	*val = *(u32 *)(kaddr + offset_in_page(uaddr));
	kunmap(page);
	put_page(page);
	put_page(page);
	return 0;
}

static int foo_peek_fast(unsigned long uaddr, u32 *val)
{
	struct page *page;

	get_user_pages_fast(uaddr, 1, 0, &page);
	*val = foo_read_page(page, uaddr);
	put_page(page);
	if (*val == FOO_MAGIC)
		put_page(page);
	return 0;
}
