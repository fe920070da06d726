#include <linux/mm.h>

static void mydev_drain(void)
{
	struct page *x, *z;
	int y = 0;
	struct page **slot = &x;

	mydev_sync();
}
