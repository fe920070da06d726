/* expect: 4 functions */
/* Iterator macros used as loop heads. */
#include <linux/list.h>

static void foo_free_all(struct foo_dev *dev)
{
	struct foo_item *item, *tmp;

	list_for_each_entry_safe(item, tmp, &dev->items, node) {
		list_del(&item->node);
		kfree(item);
	}
	list_for_each_entry(item, &dev->items, node)
		item->count = 0;
	hlist_for_each_entry(item, &dev->hash[0], hnode) {
		if (item->count)
			break;
	}
}

static int foo_count(struct foo_dev *dev)
{
	struct sk_buff *skb;
	int cpu, n = 0;

	for_each_possible_cpu(cpu)
		n += per_cpu(foo_counter, cpu);
	skb_queue_walk(&dev->queue, skb)
		n++;
	if (n)
		list_for_each_entry(skb, &dev->list, list) {
			n--;
		}
	else
		n = 1;
	return n;
}

static void foo_threads(void)
{
	struct task_struct *g, *t;

	do_each_thread(g, t) {
		foo_check(t);
	} while_each_thread(g, t);
	scoped_guard(mutex, &foo_lock) {
		foo_count(NULL);
	}
}

static int foo_walk(struct idr *idr)
{
	/* A function whose name says for_each, called: still a call. */
	return idr_for_each(idr, foo_one, NULL);
}
