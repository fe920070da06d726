static int probe(struct device *dev, struct page *page)
{
	if (dev->driver != NULL)
		return -EBUSY;
	if (page)
		get_page(page);
	while (dev->parent)
		dev = dev->parent;
	if (dev->id < 0)
		return -EINVAL;
	return page != NULL;
}
