static void fill_ring(struct ring *r)
{
	if (ring_has_room(r)) reserve(4 + SZ);
	account(4 + SZ);
	account(SZ);
}
