enum mode {
	MODE_OFF,
	MODE_LAST };

static void stop(int busy)
{
	if (busy) {
		wait_idle();
		flush_all(); }
}
