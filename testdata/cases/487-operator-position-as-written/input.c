static void idle_exit(void)
{
	ct_kernel_exit(false, RCU_DYNTICKS_IDX + CONTEXT_IDLE);
	set_flags(FLAG_A | FLAG_B);
}
