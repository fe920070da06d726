static void setup(struct device *d)
{
	dev_get_node(d);
	drv_get_node(d);
	pci_get_node(d);
}
