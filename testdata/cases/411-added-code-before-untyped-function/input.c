static int widget_probe(struct device *dev)
{
	return 0;
}
