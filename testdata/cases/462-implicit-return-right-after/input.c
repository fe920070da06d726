static void stop_port(struct port *p)
{
	p->state = PORT_STOPPED;
	disable_irq(p->irq);
}

static void stop_port_checked(struct port *p)
{
	if (!p)
		return;
	disable_irq(p->irq);
	p->state = PORT_STOPPED;
	return;
}

static void stop_nothing(struct port *p)
{
	p->state = PORT_STOPPED;
}
