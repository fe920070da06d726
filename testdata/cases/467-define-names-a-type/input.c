#define REGTYPE unsigned int
#define REG_SHIFT(x) ((x) << 2)

static void dev_kick(void __iomem *base)
{
	REGTYPE val = REG_SHIFT(3);
	unsigned long wide = 4;

	raw_write(val, base);
	raw_write(wide, base);
}
