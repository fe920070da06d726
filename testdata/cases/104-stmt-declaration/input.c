#include <linux/slab.h>

static int foo_alloc_vecs(struct foo_dev *fdev, int nr, int depth)
{
	struct fvec *vecs = kmalloc(nr * sizeof(struct fvec), GFP_KERNEL);
	int i;

	if (!vecs)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		u32 *tags = kmalloc(depth * sizeof(u32), GFP_KERNEL);

		if (!tags)
			goto fail;
		vecs[i].tags = tags;
	}
	fdev->vecs = vecs;
	return 0;
fail:
	kfree(vecs);
	return -ENOMEM;
}

static void *foo_alloc_other(int nr)
{
	/* sizeof of another type: left alone */
	u64 *words = kmalloc(nr * sizeof(u32), GFP_KERNEL);

	return words;
}
