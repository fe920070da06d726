#include <linux/list.h>

static int count_ready(struct list_head *head)
{
	struct mydev *dev;
	int n = 0;

	list_for_each_entry(dev, head, node) {
		if (dev == NULL)
			continue;
		n++;
	}
	return n;
}

static int count_all(struct list_head *head)
{
	struct mydev *dev;
	int n = 0;

	list_for_each_entry(dev, head, node)
		n++;
	return n;
}
