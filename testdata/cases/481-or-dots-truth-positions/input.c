int probe(struct dev_ctx *ctx, int a, int b, int c)
{
	int x, y, z;

	x = ctx ? 1 : 2;
	y = a || b;
	z = a || b || c;
	if (ctx)
		return -EINVAL;
	while (!ctx->ready)
		cpu_relax();
	x = (a || b) + 1;
	y = ctx->count;
	report(ctx);
	return a;
}
