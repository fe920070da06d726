static int rx_one(struct rx_ring *ring, struct sk_buff *skb)
{
	if (skb != NULL) {
		deliver(ring, skb);
	}
	if (get_buf(ring) != NULL) {
		refill(ring);
	}
	if (get_buf(ring)) {
		refill(ring);
	}
	return 0;
}
