#include <linux/slab.h>

static void bar_release(struct bar *q)
{
	if (q->buf != NULL) {
		kfree(q->buf);
		pr_debug("bar: freed the buffer %p of %s, and a long message\n",
			 q->buf, q->name);
	}
	if (q->pages != NULL) {
		int i;

		for (i = 0; i < q->n; i++)
			put_page(q->pages[i]);
	}
	if (q->name)
		kfree(q->name);
}
