#include <linux/spinlock.h>

static void foo_queue_req(struct foo_dev *fdev, struct foo_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&fdev->lock, flags);
	list_add_tail(&req->list, &fdev->pending);
	if (!fdev->busy) {
		fdev->busy = true;
		foo_kick(fdev);
	}
	fdev->nr_pending++;
	spin_unlock(&fdev->lock);
	wake_up(&fdev->wait);
}

static void foo_plain_lock(struct foo_dev *fdev)
{
	/* not taken with irqsave: left alone */
	spin_lock(&fdev->lock);
	fdev->nr_pending = 0;
	spin_unlock(&fdev->lock);
}

static void foo_two_locks(struct foo_dev *fdev, struct foo_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	q->stopped = true;
	/* another lock: left alone */
	spin_unlock(&fdev->lock);
}
