#include <linux/mm.h>

static int foo_pin_range(struct foo_range *r, unsigned long start, int nr)
{
	int done = 0, ret = 0, i;

	mmap_read_lock(current->mm);
	while (done < nr) {
		ret = get_user_pages(start + done * PAGE_SIZE, nr - done,
				     FOLL_WRITE, r->pages + done, NULL);
		if (ret <= 0)
			break;
		done += ret;
	}
	mmap_read_unlock(current->mm);
	if (done == nr)
		return foo_program(r, nr);

	for (i = 0; i < done; i++)
		put_page(r->pages[i]);
	return ret < 0 ? ret : -EFAULT;
}
