int get_a(void) { return 1; }
void h(int x);

void use(void)
{
	old_call(get_a);
	old_call(h);
}
