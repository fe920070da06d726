static int drain(struct queue *q)
{
	consume(q->head);
	return 0;
}

static void flush(struct queue *q)
{
	lock(q);
	if (q->len) {
		consume(q->tail);
		q->len = 0;
	}
	unlock(q);
}
