static int probe(struct platform_device *pdev)
{
	struct resource *res;
	void *base;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (res == NULL)
		dev_warn(&pdev->dev, "no resource\n");
	base = devm_ioremap_resource(&pdev->dev, res);
	if (!base)
		dev_warn(&pdev->dev, "no mapping\n");
	return 0;
}
