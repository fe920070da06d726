#include <linux/mm.h>

static long read_remote(struct task_struct *tsk, unsigned long addr,
			struct page **page)
{
	struct mm_struct *mm = get_task_mm(tsk);
	long ret;

	ret = old_gup_remote(mm, addr, 1, FOLL_FORCE, page);
	mmput(mm);
	return ret;
}

static long read_remote_self(unsigned long addr, struct page **page)
{
	return old_gup_remote(current->mm, addr, 1, 0, page, NULL);
}
