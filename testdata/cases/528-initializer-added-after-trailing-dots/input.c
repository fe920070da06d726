static struct platform_driver foo_driver = {
	.name		= "foo",
	.probe		= foo_probe,
	.remove		= foo_remove
};

static struct platform_driver bar_driver = {
	.name		= "bar",
	.probe		= bar_probe,
};
