int get_bits(void __iomem *base)
{
	int a = readl(base + 4) + FLAG;
	int b = (readl(base) & 3) + (FLAG << 1);
	int c = readl(base) + OTHER;
	return a + b + c;
}
