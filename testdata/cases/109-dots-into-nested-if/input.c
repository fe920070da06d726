#include <linux/spinlock.h>

static int foo_start(struct foo_dev *fdev)
{
	unsigned long flags;

	spin_lock_irqsave(&fdev->lock, flags);
	if (fdev->dead) {
		spin_unlock(&fdev->lock);
		return -ENODEV;
	}
	fdev->running = true;
	spin_unlock(&fdev->lock);
	return 0;
}

static void foo_poke(struct foo_dev *fdev)
{
	unsigned long flags;

	spin_lock_irqsave(&fdev->lock, flags);
	if (fdev->running)
		spin_unlock(&fdev->lock);
	else
		foo_wait_locked(fdev, flags);
}
