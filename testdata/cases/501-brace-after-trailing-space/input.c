static void drain_fifo(struct port *p)
{
	while (inb(p->base) & FIFO_FULL)	/* not empty yet */  
		cpu_relax();
	while (inb(p->base + 1) & FIFO_FULL)  
		cpu_relax();
	while (inb(p->base + 2) & FIFO_FULL)
		cpu_relax();
}
