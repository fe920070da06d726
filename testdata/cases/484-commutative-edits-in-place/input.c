static int setup_queues(struct queue_set *qs, unsigned int count)
{
	qs->queues = kzalloc(count * sizeof(struct queue), GFP_KERNEL);
	qs->maps = kzalloc(sizeof(struct queue_map) * count, GFP_KERNEL);
	qs->scratch = __get_free_pages(__GFP_ZERO | GFP_KERNEL, 1);
	qs->last = count - 1;
	qs->spare = 1 - count;
	return qs->queues ? 0 : -ENOMEM;
}
