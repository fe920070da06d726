static const struct file_operations dev_fops = {
	.open = dev_open,
	.release = dev_release,
};

static struct file_operations raw_fops = {
	.read = raw_read,
};
