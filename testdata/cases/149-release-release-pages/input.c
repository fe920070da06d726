#include <linux/mm.h>
#include <linux/pagemap.h>

static ssize_t foo_direct_io(struct foo_file *ff, unsigned long uaddr,
			     size_t len)
{
	struct page **pages = ff->scratch;
	int nr = DIV_ROUND_UP(len, PAGE_SIZE);
	ssize_t ret;

	ret = get_user_pages_fast(uaddr, nr, FOLL_WRITE, pages);
	if (ret < 0)
		return ret;
	nr = ret;
	ret = foo_hw_read(ff, pages, nr, len);
	release_pages(pages, nr);
	return ret;
}
