static struct platform_driver foo_driver = {
	.probe		= foo_probe,
	.name		= "foo",
	.remove		= foo_remove,
};
