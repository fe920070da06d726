static int mode_rate(int mode)
{
	switch (mode) {
	case MODE_SLOW: return 100;
	case MODE_FAST:  return 400;
	}
	return 0;
}
