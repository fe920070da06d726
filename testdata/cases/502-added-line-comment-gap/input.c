#include <linux/io.h>

static int probe(struct platform_device *pdev)
{
	setup(pdev);
	return 0;
}
