#include <linux/mm.h>
#include <linux/highmem.h>

static int foo_peek_word(unsigned long uaddr, u32 *val)
{
	struct page *page;
	void *kaddr;
	int ret;

	ret = get_user_pages_fast(uaddr, 1, 0, &page);
	if (ret != 1)
		return -EFAULT;
	kaddr = kmap_atomic(page);
	*val = *(u32 *)(kaddr + offset_in_page(uaddr));
	kunmap_atomic(kaddr);
	put_page(page);
	return 0;
}
