static void flush(struct queue *q)
{
	if (q->len) {
		old_flush(q);
	}
	if (q->dirty) {
		old_sync(q);
	}
}
