#include <linux/slab.h>

/* Allocate the device's buffer. */
int foo_alloc(struct foo_dev *foo)
{
	foo->buf = kzalloc(FOO_BUF_SIZE, GFP_KERNEL);
	return foo->buf ? 0 : -ENOMEM;
}
