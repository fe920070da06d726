static int irq[MAX_CARDS] = { 5, 7 };
MODULE_PARM(irq, "1-4i");
static int io[MAX_CARDS];
MODULE_PARM(io, "1-4i");

static int probe(void)
{
	int found = 0;
	int tries;

	for (tries = 0; tries < MAX_CARDS; tries++)
		found += check(io[tries], irq[tries]);
	return found;
}
