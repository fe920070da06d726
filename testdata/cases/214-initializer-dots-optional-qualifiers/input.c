static int foo_open(struct inode *inode, struct file *file)
{
	return 0;
}

static ssize_t foo_read(struct file *file, char __user *buf, size_t len,
			loff_t *ppos)
{
	return 0;
}

static const struct file_operations foo_fops = {
	.owner = THIS_MODULE,
	.open = foo_open,
	.read = foo_read,
};
