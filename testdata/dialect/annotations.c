/* expect: 9 functions */
/* Annotations: sparse address spaces, sections, attributes, lock annotations. */
#include <linux/module.h>

static int __init foo_init(void)
{
	return 0;
}

static void __exit foo_exit(void)
{
}

static ssize_t foo_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char buf[16];

	if (copy_from_user(buf, ubuf, min(count, sizeof(buf))))
		return -EFAULT;
	return count;
}

static void __iomem *foo_map(struct foo_dev __rcu *dev, void __percpu *pcpu)
{
	return (void __iomem *)(__force unsigned long)dev->base;
}

int __must_check __cold foo_check(struct foo_dev *dev)
	__acquires(&dev->lock) __releases(&dev->lock)
{
	return dev->ok;
}

static __printf(2, 3) __maybe_unused
void foo_log(struct foo_dev *dev, const char *fmt, ...)
{
}

asmlinkage notrace void foo_entry(struct pt_regs *regs)
{
}

struct foo_buf {
	u8 data[64] __aligned(8);
} __attribute__((packed));

static noinline int __attribute__((unused)) foo_slow(int x)
{
	return x * 2;
}

STATIC int foo_static(void)
{
	struct foo_buf __maybe_unused b;

	return sizeof(b);
}
