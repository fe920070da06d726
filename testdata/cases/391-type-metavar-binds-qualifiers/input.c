struct reg { int addr; int val; };

static const struct reg fixed_regs[] = { { 1, 2 }, { 3, 4 } };
static struct reg saved_regs[] = { { 5, 6 }, { 7, 8 } };

int count_regs(void)
{
	int a = sizeof(fixed_regs) / sizeof(struct reg);
	int b = sizeof(fixed_regs) / sizeof(const struct reg);
	int c = sizeof(saved_regs) / sizeof(struct reg);

	return a + b + c;
}
