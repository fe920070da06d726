static void relock(struct dev_ctx *ctx, int n)
{
	int i;

again:
	spin_lock(&ctx->lock);
	i = n + 1;
	if (test_bit(i, &ctx->flags)) {
		wait_for(ctx);
		goto again;
	}
	spin_unlock(&ctx->lock);
}

static void moved(struct dev_ctx *ctx)
{
	spin_lock(&ctx->lock);
	ctx = next_ctx(ctx);
	spin_lock(&ctx->lock);
}

static void taken(struct dev_ctx *ctx)
{
	spin_lock(&ctx->lock);
	give(&ctx->lock);
	spin_lock(&ctx->lock);
}

static void twice(struct dev_ctx *ctx)
{
	spin_lock(&ctx->lock);
	ctx->count = 2;
	spin_lock(&ctx->lock);
}
