static int alloc_rings(struct ring_ctx *ctx, int n)
{
	ctx->rings = kzalloc(n * sizeof(struct ring), GFP_KERNEL);
	ctx->descs = kzalloc(sizeof(struct desc) * n, GFP_KERNEL);
	ctx->extra = alloc_pages(__GFP_ZERO | GFP_KERNEL, 0);
	ctx->last = n - 1;
	ctx->first = 1 - n;
	return 0;
}
