#include <linux/atomic.h>

static void foo_wait_idle(struct foo_queue *q)
{
	spin_lock(&q->lock);
	q->stopping = true;
	spin_unlock(&q->lock);

	while (atomic_read(&q->inflight))
		cpu_relax();

	foo_queue_free(q);
}

static void foo_wait_other(struct foo_queue *q)
{
	/* the body does more than cpu_relax(): left alone */
	while (atomic_read(&q->inflight))
		foo_poll(q);

	/* a do-while is not a while loop */
	do
		cpu_relax();
	while (atomic_read(&q->pending));
}
