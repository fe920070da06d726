#include <linux/slab.h>

static void foo_release(struct foo *foo)
{
	if (foo->buf != NULL) {
		kfree(foo->buf);
	}
	if (foo->name != NULL) {
		kfree(foo->name);
	}
	foo->buf = NULL;
}
