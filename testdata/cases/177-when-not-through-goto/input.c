#include <linux/slab.h>

static int foo_submit(struct foo_dev *dev, int n)
{
	struct foo_pkt *pkt;
	void *scratch;
	int ret;

	pkt = kcalloc(n, sizeof(*pkt), GFP_KERNEL);
	if (!pkt)
		return -ENOMEM;
	scratch = kmalloc(64, GFP_KERNEL);
	if (!scratch) {
		ret = -ENOMEM;
		goto error;
	}
	foo_fill(dev, pkt, n);
	kfree(pkt);
	pkt = NULL;
	ret = foo_send(dev, scratch);
	if (ret)
		goto error;
	kfree(scratch);
	scratch = NULL;
	return 0;

 error:
	kfree(pkt);
	return ret;
}
