static int clamp_rate(int lo, int hi, int rate)
{
	rate >?= lo;
	hi = hi >? (lo >> 1);
	return rate <? hi;
}
