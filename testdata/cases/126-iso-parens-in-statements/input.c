#include <linux/slab.h>
#include <linux/err.h>

static void foo_free(struct foo_dev *fdev)
{
	if ((fdev->buf))
		kfree((fdev->buf));
	if (fdev->ring)
		kfree((fdev->ring));
}

static int foo_get_clk(struct foo_dev *fdev)
{
	fdev->clk = clk_get(fdev->dev, NULL);
	if (IS_ERR(fdev->clk))
		return (PTR_ERR(fdev->clk));
	return 0;
}
