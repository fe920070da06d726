static void good(struct dev *dev)
{
	take_lock(&dev->lock, FLAG_OLD);
	dev->count++;
	spin_unlock(&dev->lock);
}

static void other_flag(struct dev *dev)
{
	take_lock(&dev->lock, FLAG_KEEP);
	spin_unlock(&dev->lock);
}

static void no_unlock(struct dev *dev)
{
	take_lock(&dev->lock, FLAG_OLD);
	dev->count++;
}
