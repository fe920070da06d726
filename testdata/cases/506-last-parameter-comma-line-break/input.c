static irqreturn_t
card_interrupt(void *dev_id, int irq,
	       struct pt_regs *regs)
{
	return IRQ_HANDLED;
}

static irqreturn_t
timer_interrupt(void *dev_id, struct pt_regs *regs)
{
	return IRQ_HANDLED;
}
