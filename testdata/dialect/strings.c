/* expect: 4 functions */
/* left out: foo_wait */
/* Strings built by macros, statements as macro arguments, GNU extensions. */
#include <linux/kernel.h>

#define PFX "foo: "
#define foo_dbg(fmt, args...) pr_debug(PFX fmt, ##args)

static void foo_print(struct foo_dev *dev)
{
	printk(KERN_ERR PFX "bad state %d\n", dev->state);
	pr_info("version " __stringify(FOO_VERSION) "\n");
	asm volatile(FOO_ASM_NOP(1) : : : "memory");
}

static int foo_switch(int x)
{
	switch (x) {
	case 0 ... 3:
		return 1;
	default:
		return 0;
	}
}

static int foo_assert(struct foo_dev *dev)
{
	FOO_ASSERT(dev->ok, return -EINVAL);
	FOO_DEBUG(pr_debug("ok\n"););
	if (foo_flag(dev, 5705_PLUS))
		return 1;
	LIBFOO_OPTS(foo_opts, opts, .flags = 1, );
	return 0;
}

static int foo_wait(struct foo_dev *dev)
{
	if (foo_msec(dev, 10,
		if (foo_rd32(dev, 0) & 1)
			break;
	) < 0)
		return -EBUSY;
	return 0;
}
