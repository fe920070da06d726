#include <linux/mm.h>

static int ib_umem_pin(struct ib_umem *umem, unsigned long cur_base,
		       unsigned long npages, unsigned int gup_flags,
		       struct page **page_list)
{
	long ret;

	ret = get_user_pages(cur_base, npages, gup_flags, page_list, NULL);
	if (ret < 0)
		return ret;

	/* the vmas are still used here: must not be changed */
	ret = get_user_pages(cur_base, 1, gup_flags, page_list, umem->vmas);
	return ret;
}
