static void irq_ack(struct chip *c)
{
	if (c->pending) {
		ack_one(c);
		ack_two(c);
	}
}
