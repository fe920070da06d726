#include <linux/slab.h>

static int foo_probe_unused(struct foo_dev *fdev)
{
	void *buf;
	int ret;

	buf = kmalloc(FOO_BUF_SIZE, GFP_KERNEL);
	ret = foo_hw_reset(fdev);
	if (ret)
		dev_err(fdev->dev, "reset failed: %d\n", ret);
	kfree(buf);
	return ret;
}

static int foo_probe_used(struct foo_dev *fdev)
{
	void *buf;
	int ret;

	buf = kmalloc(FOO_BUF_SIZE, GFP_KERNEL);
	ret = foo_hw_reset(fdev);
	/* used in a nested block on the way: kept */
	if (!ret) {
		memset(buf, 0, FOO_BUF_SIZE);
		ret = foo_hw_read(fdev, buf);
	}
	kfree(buf);
	return ret;
}
