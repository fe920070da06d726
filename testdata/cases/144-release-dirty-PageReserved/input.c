#include <linux/mm.h>

static void foo_release_user(struct page **pages, int npages, bool writable)
{
	int i;

	for (i = 0; i < npages; i++) {
		if (writable && !PageReserved(pages[i]))
			set_page_dirty(pages[i]);
		put_page(pages[i]);
	}
}

static int foo_do_user_io(struct foo_io *io, unsigned long uaddr)
{
	int i, ret;

	ret = get_user_pages_unlocked(uaddr, io->npages, io->pages,
				      io->write ? FOLL_WRITE : 0);
	if (ret < io->npages)
		return -EFAULT;
	ret = foo_submit(io);
	for (i = 0; i < io->npages; i++) {
		if (io->write && !PageReserved(io->pages[i]))
			set_page_dirty(io->pages[i]);
		put_page(io->pages[i]);
	}
	return ret;
}
