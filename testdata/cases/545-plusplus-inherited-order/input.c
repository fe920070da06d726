static void reset_port(struct port *p)
{
	set_flags(p, FLAG_B, FLAG_A, FLAG_C);
	commit_flags();
}
