#include <linux/spinlock.h>

static void foo_refresh(struct foo_dev *fdev)
{
	fdev->stamp = jiffies;
	if (fdev->stale)
		foo_update_locked(fdev);
}

static void foo_refresh_locked(struct foo_dev *fdev)
{
	/* the lock is taken first: left alone */
	spin_lock(&fdev->lock);
	fdev->stamp = jiffies;
	foo_update_locked(fdev);
	spin_unlock(&fdev->lock);
}

static void foo_refresh_other(struct foo_dev *fdev, struct foo_dev *peer)
{
	/* a lock of another device does not count */
	spin_lock(&peer->lock);
	peer->stamp = jiffies;
	spin_unlock(&peer->lock);
	foo_update_locked(fdev);
}
