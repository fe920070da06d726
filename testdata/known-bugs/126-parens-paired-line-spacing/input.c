#include <linux/slab.h>
#include <linux/err.h>

static void foo_free(struct foo_dev *fdev)
{
	if ((fdev->buf))
		kfree(fdev->buf);
	if (fdev->ring)
		kfree((fdev->ring));
}

static int foo_check(struct foo_dev *fdev)
{
	return (PTR_ERR(fdev->clk));
}
