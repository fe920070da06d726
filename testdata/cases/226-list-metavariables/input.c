static int frob(struct device *dev, unsigned long addr, int flags)
{
	return dev->id + addr;
}

static int stub(struct device *dev)
{ return 0; }

int use(struct device *dev)
{
	int a = frob(dev, 0x1000, GFP_KERNEL);
	int b = frob(dev, dev->base, 0);

	return a + b;
}

void modern_init(void)
{
	pr_info("modern\n");
}

void legacy_init(void)
{
	setup_irq(3);
	if (probe_hw())
		enable_hw();
}
