#include <linux/mm.h>

static struct vm_area_struct *unused_vmas[16];

static long uprobe_read_page(struct mm_struct *mm, unsigned long vaddr,
			     struct page **page)
{
	return get_user_pages_remote(mm, vaddr, 1, FOLL_FORCE, page,
				     unused_vmas, NULL);
}

static long proc_pid_read(struct mm_struct *mm, unsigned long addr,
			  struct page **page)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_FORCE, page,
				     NULL, unused_vmas);
}
