#include <linux/spinlock.h>

static void foo_flush(struct foo_dev *fdev)
{
	struct foo_req *req, *tmp;

	might_sleep();
	spin_lock(&fdev->lock);
	might_sleep();
	list_for_each_entry_safe(req, tmp, &fdev->pending, list) {
		might_sleep();
		list_del(&req->list);
	}
	if (fdev->stats) {
		might_sleep();
		fdev->stats->flushes++;
	}
	spin_unlock(&fdev->lock);
	might_sleep();
	foo_wait(fdev);
}

static void foo_count(struct foo_dev *fdev)
{
	/* nothing to remove inside the lock: the nest matches zero times */
	spin_lock(&fdev->lock);
	fdev->count++;
	spin_unlock(&fdev->lock);
	might_sleep();
}
