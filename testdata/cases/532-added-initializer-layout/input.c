static struct platform_driver foo_driver = {
	.name		= "foo",
	.probe		= foo_probe,
};

static void foo_setup(void)
{
	foo_init();
}
