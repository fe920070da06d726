static void port_reset(struct port *p)
{
	flush_cache();
	p->state = 0;
}
