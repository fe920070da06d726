static int setup(struct dev *d)
{
	int rc;

	if (d->shared)
		rc = request_irq(d->irq, handler, IRQF_SHARED, "dev", d);
	else
		rc = request_irq(d->irq, handler, 0, "dev", d);
	return rc;
}

static int retry(struct dev *d)
{
	int err = -EAGAIN;

	while (d->tries-- > 0)
		err = request_irq(d->irq, handler, 0, "dev", d);
	return err;
}
