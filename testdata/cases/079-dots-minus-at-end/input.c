#include <linux/mm.h>
#include <linux/mmap_lock.h>

static int walk_user(struct mm_struct *mm, unsigned long addr)
{
	int ret;

	mmap_sem_read_lock(mm, SINGLE_DEPTH_NESTING, _RET_IP_);
	ret = do_walk(mm, addr);
	mmap_read_unlock(mm);

	mmap_sem_read_lock(current->mm);
	ret |= do_walk(current->mm, addr);
	mmap_read_unlock(current->mm);
	return ret;
}
