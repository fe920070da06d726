static int pool_alloc(void *pool, size_t size, unsigned long *handle)
{
	*handle = pool_malloc(pool, size);

	if (IS_ERR((void *)(*handle)))
		return PTR_ERR((void *)*handle);
	return 0;
}

static int pool_map(struct pool *pool)
{
	pool->map = map_pool(pool);
	if (IS_ERR(pool->map))
		release(pool->map);
	return 0;
}
