#include <linux/mm.h>

static int xsk_pin_umem(struct xdp_umem *umem, unsigned long address)
{
	unsigned int gup_flags = FOLL_WRITE;
	long npgs;

	mmap_read_lock(current->mm);
	npgs = get_user_pages(address, umem->npgs,
			      gup_flags | FOLL_LONGTERM, &umem->pgs[0]);
	mmap_read_unlock(current->mm);

	if (npgs != umem->npgs) {
		if (npgs >= 0)
			umem->npgs = npgs;
		return -ENOMEM;
	}
	/* three arguments: not this function's signature, leave it */
	return get_user_pages(address, 1, gup_flags);
}
