void dev_stop(struct dev *d)
{
	mutex_lock(&d->lock);
	if (d->err) {
		mutex_unlock(&d->lock);
		return;
	}
	d->state = 0;
	mutex_unlock(&d->lock);
}

int dev_count(struct dev *d)
{
	mutex_lock(&d->lock);
	d->n++;
	mutex_unlock(&d->lock);
	return d->n;
}
