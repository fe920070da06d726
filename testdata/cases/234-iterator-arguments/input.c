static void release_nodes(struct pool *pool)
{
	int node;
	struct chunk *c, *tmp;

	for_each_node(node)
		kfree(pool->nodeinfo[node]);
	list_for_each_entry_safe(c, tmp, &pool->chunks, list) {
		list_del(&c->list);
		kfree(c);
	}
	kfree(pool->name);
	pr_info("%s released\n", pool->name);
}
