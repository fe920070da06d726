static int ring_init(struct ring *r, size_t n)
{
	r->desc = kzalloc(n * sizeof(*r->desc), GFP_KERNEL);
	r->bufs = kmalloc(n * sizeof(*r->bufs), GFP_KERNEL | __GFP_ZERO);
	r->map = kmalloc(n, GFP_KERNEL);
	if (!r->desc || !r->bufs || !r->map)
		return -ENOMEM;
	return 0;
}
