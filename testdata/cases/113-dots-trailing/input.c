#include <linux/slab.h>

static void foo_drop_buf(struct foo_dev *fdev)
{
	void *buf = fdev->buf;

	fdev->buf = NULL;
	kfree(buf);
	buf = NULL;
	fdev->len = 0;
}

static int foo_replace_buf(struct foo_dev *fdev, size_t len)
{
	void *buf = fdev->buf;

	kfree(buf);
	buf = NULL;
	/* still used below: kept */
	if (len)
		buf = kzalloc(len, GFP_KERNEL);
	fdev->buf = buf;
	return buf ? 0 : -ENOMEM;
}
