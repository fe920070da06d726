static void baz_free(void *p, char *q, struct baz *b)
{
	kfree((void *)p);
	kfree(q);
	kfree(b->table);
}
