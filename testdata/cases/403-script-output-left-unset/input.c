void setup(void)
{
	old_init();
	other();
}
