/* expect: 3 functions */
/* Type names as macro arguments, typeof, offsetof member paths. */
#include <linux/kernel.h>

static struct foo_dev *to_foo(struct device *d)
{
	return container_of(d, struct foo_dev, dev);
}

static int foo_sizes(struct foo_dev *dev, va_list ap)
{
	struct foo_item *first = list_first_entry(&dev->items, struct foo_item, node);
	size_t n = min_t(unsigned long, dev->len, PAGE_SIZE);
	size_t m = max_t(unsigned int, n, sizeof_field(struct foo_dev, len));
	unsigned long v = va_arg(ap, unsigned long);
	size_t off = offsetof(struct foo_dev, regs.ctrl);

	return first->count + n + m + v + off;
}

static void foo_typeof(struct foo_dev *dev)
{
	typeof(*dev) copy = *dev;
	__typeof__(dev->len) len = (typeof(dev->len))0;
	struct foo_stats __percpu *stats = alloc_percpu(struct foo_stats);
	size_t a = __alignof__(*dev);

	foo_use(&copy, len, stats, a);
}
