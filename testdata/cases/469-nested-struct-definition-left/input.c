struct hw_regs {
	u32 ctrl;
	struct irq_regs {
		u32 mask;
		u32 status;
	} irq;
};
