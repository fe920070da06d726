static void clear_pending(struct irq_chip_data *cd, unsigned long *mask, int n)
{
	int irq;

	for (irq = 0; irq < n; irq++) {
		if (test_bit(irq, mask))
			ack_irq(cd, irq);
	}
}
