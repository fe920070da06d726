static int rebuild(struct tree *t)
{
	sort_nodes(t);

  	return 0;
}

static int rebuild_fast(struct tree *t)
{
	sort_nodes(t);
        return 0;
}

static void rebuild_all(struct tree *t)
{
	sort_nodes(t);
}

static int drop(struct tree *t)
{
	flush_nodes(t);

  	return 0;
}
