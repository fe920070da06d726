/* expect: 7 functions */
/* Declarer macros at top level, in structs, and function-defining macros. */
#include <linux/module.h>

static DEFINE_MUTEX(foo_lock);
static DEFINE_SPINLOCK(foo_spin);
DEFINE_PER_CPU(int, foo_counter);
static DEFINE_PER_CPU(struct foo_stats, foo_stats) = { 0 };
static LIST_HEAD(foo_list);
static DEVICE_ATTR(foo_state, 0444, foo_state_show, NULL);
static DEFINE_RATELIMIT_STATE(foo_rs, 5 * HZ, 10);

struct foo_dev {
	DECLARE_BITMAP(flags, FOO_NR_FLAGS);
	struct list_head items;
};

SYSCALL_DEFINE3(foo, unsigned int, fd, const char __user *, buf, size_t, count)
{
	return foo_do(fd, buf, count);
}

SYSCALL_DEFINE0(foo_ping)
{
	return 0;
}

COMPAT_SYSCALL_DEFINE2(foo, int, a, compat_uptr_t, p)
{
	return 0;
}

BPF_CALL_2(bpf_foo, struct bpf_map *, map, void *, key)
{
	return 0;
}

static int foo_local(void)
{
	static DEFINE_RATELIMIT_STATE(rs, HZ, 1);
	DECLARE_BITMAP(seen, 64) = { 0 };

	return __ratelimit(&rs) + seen[0];
}

static int foo_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver foo_driver = {
	.probe = foo_probe,
};
module_platform_driver(foo_driver)

static int __init foo_init(void)
{
	return 0;
}
module_init(foo_init)
EXPORT_SYMBOL_GPL(foo_init);
MODULE_LICENSE("GPL");
