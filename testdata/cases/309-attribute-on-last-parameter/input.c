static int scale(int base __nocast, int factor)
{
	return base * factor;
}

static int shift(int bits, int value __nocast)
{
	return value << bits;
}
