#include <linux/mm.h>

static int pipe_to_user_pin(struct pipe_inode_info *pipe,
			    struct iov_iter *from, struct page **pages)
{
	unsigned long addr = (unsigned long)from->iov->iov_base;
	int ret;

	ret = get_user_pages_fast(addr & PAGE_MASK,   /* page aligned */
				  DIV_ROUND_UP(from->count +
					       offset_in_page(addr),
					       PAGE_SIZE),
				  FOLL_WRITE,
	/* odd indentation on purpose */    pages);
	return ret;
}
