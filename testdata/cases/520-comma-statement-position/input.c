static void setup_ring(struct ring *r)
{
	r->head = 0,
		r->tail = 0,
		r->count = RING_SIZE;
	ring_reset(r);
}
