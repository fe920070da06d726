static void reset_queue(struct request_queue *q)
{
	if (unlikely(0))
		blk_mq_run_hw_queues(q, false);
	q->nr_requests = 0;
}
