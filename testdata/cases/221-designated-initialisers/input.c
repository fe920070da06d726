static int foo_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return nonseekable_open(inode, file);
}

static const struct file_operations foo_fops = {
	.owner = THIS_MODULE,
	.open = foo_open,
	.write = foo_write,
};

static struct platform_driver foo_driver = {
	.probe = foo_probe,
};
