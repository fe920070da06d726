static int probe(struct device *dev, int flags)
{
	return dev->id;
}

static inline long quirk(void)
{
	return QUIRK_NONE;
}

long public_quirk(void)
{
	return QUIRK_ALL;
}
