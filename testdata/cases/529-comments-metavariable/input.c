static void ring_kick(struct ring *r)
{
	r->head = 0;
	wmb(); /* order head before tail */
	r->tail = 0;
	wmb();
	writel(r->tail, r->reg);
	/* no barrier needed here */ wmb();

	/* flush */
	wmb(); // posted write
}
