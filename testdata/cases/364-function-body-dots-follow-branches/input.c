static int dev_update(struct dev *d, int v)
{
	int ret = 0;

	spin_lock(&d->lock);
	if (v < 0) {
		ret = -EINVAL;
		spin_unlock(&d->lock);
	} else {
		d->val = v;
		spin_unlock(&d->lock);
	}
	return ret;
}

/* A path that jumps past every unlock is an early way out, as in spatch. */
static int dev_reset(struct dev *d, int v)
{
	spin_lock(&d->lock);
	if (v < 0)
		goto out;
	d->val = 0;
	spin_unlock(&d->lock);
out:
	return v;
}
