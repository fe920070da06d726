static int check_range(int start, int end, void *buf)
{
	if (end - start != 0) {
		pr_debug("range\n");
	}
	if (0 != start - end) {
		pr_debug("reversed\n");
	}
	if (end != 0) {
		pr_debug("end\n");
	}
	if (buf - start != NULL) {
		pr_debug("buf\n");
	}
	if (get_len(buf) != 0) {
		pr_debug("len\n");
	}
	return 0;
}
