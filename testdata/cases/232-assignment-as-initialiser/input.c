static int setup(struct device *dev, size_t len)
{
	int *table = kmalloc(len, GFP_KERNEL);
	struct buf *b = NULL, *c;

	if (!table)
		return -ENOMEM;
	memset(table, 0, len);
	c = NULL;
	dev->table = table;
	return b ? 0 : 1;
}
