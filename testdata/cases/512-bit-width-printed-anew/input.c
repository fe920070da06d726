struct ctrl_regs {
	u8 reset :1;
	u8 idle  :1;
	u8 irq   :1;
};

static int pick(struct ctrl_regs *r, int a, int b)
{
	return r->irq;
}
