static void setup(struct device *dev, void *buf, size_t len)
{
	dma_map(dev, buf, len);
	dma_map(buf, dev);
}
