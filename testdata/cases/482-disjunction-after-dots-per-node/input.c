static char *read_link(struct inode *inode)
{
	char *buf;
	int ret;

	buf = kmalloc(64, GFP_NOFS);
	if (!buf)
		return NULL;
	ret = fill(inode, buf);
	if (ret < 0) {
		kfree(buf);
		goto out;
	}
	terminate(buf, ret);
out:
	if (ret < 0)
		buf = ERR_PTR(ret);
	release(inode);
	return buf;
}

static void clear_after_free(char *buf)
{
	kfree(buf);
	*buf = 0;
}
