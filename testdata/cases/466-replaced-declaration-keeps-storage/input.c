static spinlock_t dev_lock;
static struct old_stats dev_stats;

static void dev_poll(struct dev *d)
{
	static spinlock_t poll_lock;
	spinlock_t irq_lock;

	poll(d, &poll_lock, &irq_lock);
}
