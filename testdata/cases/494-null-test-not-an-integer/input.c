static void poll_irqs(void)
{
	struct irq_desc *desc;
	int i;

	for_each_irq_desc(i, desc) {
		if (!i)
			continue;
		note_irq(i);
	}
	for_each_desc(desc, i) {
		if (!desc)
			continue;
		note_irq(i);
	}
}
