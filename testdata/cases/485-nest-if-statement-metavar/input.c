static void purge_list(struct vmap_pool *pool)
{
	struct vmap_area *va;

	list_for_each_entry(va, &pool->list, list) {
		if (!va)
			continue;
		purge_area(va);
	}
	for (i = 0; i < pool->count; i++) {
		if (!pool->areas[i])
			continue;
	}
}
