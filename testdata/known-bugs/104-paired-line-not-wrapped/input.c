#include <linux/slab.h>

static int foo_alloc_vecs(struct foo_dev *fdev, int nr)
{
	struct foo_vec *vecs = kmalloc(nr * sizeof(struct foo_vec), GFP_KERNEL);

	if (!vecs)
		return -ENOMEM;
	fdev->vecs = vecs;
	return 0;
}
