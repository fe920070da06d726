struct buf {
	int len;
	struct buf *next;
};

struct buf *first(const struct buf *cb, struct buf *b)
{
	if (b->len)
		return (struct buf *)b;
	return (struct buf *)cb;
}

int *length_of(const struct buf *cb, struct buf *b)
{
	if (cb->len)
		return (int *)&cb->len;
	return (int *)&b->len;
}

struct buf *after(const struct buf *cb)
{
	return (struct buf *)cb->next;
}
