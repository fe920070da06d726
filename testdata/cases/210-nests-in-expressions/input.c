static int bar_probe(struct platform_device *pdev)
{
	struct clk *clk;

	clk = clk_get(&pdev->dev, NULL);
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	if (!pdev->dev.of_node)
		return -ENODEV;
	return bar_setup(pdev, clk);
}
