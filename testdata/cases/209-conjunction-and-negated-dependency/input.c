static int check_request(struct req *rq, int flags, int *slot)
{
	if (flags == 1 || rq->len == 0 || flags == 1)
		return -EINVAL;
	if (slot[0] && rq->ready && slot[0])
		return 1;
	if (next_slot(rq) || next_slot(rq))
		return 2;
	if (rq->pos++ > 4 && rq->len && rq->pos++ > 4)
		return 3;
	return 0;
}
