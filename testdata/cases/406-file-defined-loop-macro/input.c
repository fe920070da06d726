#define slots_loop(i) for ((i) = 0; (i) < NR_SLOTS; (i)++)

static void reset_slots(void)
{
	int i;

	slots_loop(i)
		*slot_ptr(i) = 0;
}
