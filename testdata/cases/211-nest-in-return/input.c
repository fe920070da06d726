static int foo_probe(struct platform_device *pdev)
{
	struct clk *clk;

	clk = clk_get(&pdev->dev, "core");
	if (IS_ERR(clk))
		return PTR_ERR(clk);
	if (!pdev->dev.of_node)
		return -ENODEV;
	return 0;
}

static struct foo_priv *foo_priv(struct platform_device *pdev)
{
	return to_foo(dev_get_drvdata(&pdev->dev));
}
