/* expect: 6 functions */
/* left out: foo_setup foo_read foo_mode */
/* #ifdef cutting through statements and declarations. */
#include <linux/kernel.h>

static int foo_setup(struct foo_dev *dev)
{
#ifdef CONFIG_FOO_FAST
	if (dev->fast) {
#else
	if (dev->slow) {
#endif
		dev->mode = 1;
	}
	return 0;
}

#ifdef CONFIG_FOO_PCI
static int foo_read(struct foo_dev *dev, int reg)
#else
static int foo_read(struct foo_dev *dev, unsigned int reg)
#endif
{
	return dev->regs[reg];
}

static const struct foo_ops foo_ops = {
	.read = foo_read,
#ifdef CONFIG_PM
	.suspend = foo_suspend,
#endif
};

static int foo_error(struct foo_dev *dev)
{
	if (dev->err)
		goto out;
	return 0;
out:
#ifdef CONFIG_FOO_DEBUG
	pr_debug("error\n");
#endif
	return -EIO;
}

static int foo_mode(struct foo_dev *dev)
{
	if (dev->a)
		return 1;
	else
#ifdef CONFIG_FOO_B
		return 2;
#else
		return 3;
#endif
}

#if 0
this is not C at all, and never compiled {
#endif

static int foo_args(struct foo_dev *dev)
{
	return foo_call(dev,
#ifdef CONFIG_FOO_X
			1,
#endif
			2);
}

static int foo_last(void)
{
	return 0;
}
