static void drop(struct pool *pool)
{
	if (pool->owned)
		kfree(pool->name);
}
