struct node {
	struct node *next;
};

static struct node *drop(struct node *n)
{
	kfree(n);
	return n->next;
}

static void keep(struct node *n)
{
	struct node *m = n->next;

	kfree(n);
	use(m);
}
