static int reset_hw(struct hw *hw)
{
#ifdef CONFIG_HW_LOCKING
	lock_hw();
#endif
	flush_hw();
	hw->state = 0
#ifdef CONFIG_HW_FAST
		;
#else
		+ 1;
#endif
	return 0;
}

static int stop_hw(struct hw *hw)
{
#ifdef CONFIG_HW_LOCKING
	lock_hw();
#endif
	flush_hw();
	return 0;
}
