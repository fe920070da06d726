static int walk_ranges(struct walker *w, int top_down)
{
	int i, ret = 0;

	if (top_down) {
		for_each_mem_range_rev(i, w->start, w->end) {
			ret = visit(w, i);
		}
	} else {
		for_each_mem_range(i, w->start, w->end) {
			ret = visit(w, i);
		}
	}
	if (w->flags) {
		for_each_mem_range(i, w->start, w->end) {
			ret = visit(w, i);
		}
	} else {
		for_each_mem_range(i, w->start, w->end) {
			ret = visit(w, i);
		}
	}
	return ret;
}
