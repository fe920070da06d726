/* Inputs for tests/dialect.rs: matches inside iterator loops and in a
 * function with __user parameters. */
static ssize_t foo_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char *buf = kmalloc(count, GFP_KERNEL);

	if (copy_from_user(buf, (void __user *)ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	kfree(buf);
	return count;
}

static void __exit foo_free_all(struct foo_dev *dev)
{
	struct foo_item *item, *tmp;

	list_for_each_entry_safe(item, tmp, &dev->items, node) {
		list_del(&item->node);
		kfree(item->buf);
	}
	list_for_each_entry(item, &dev->items, node) {
		item->count = 0;
		kfree(item->buf);
	}
	hlist_for_each_entry(item, &dev->hash, hnode) {
		kfree(item->buf);
	}
	for (item = dev->first; item; item = item->next)
		kfree(item->buf);
}
