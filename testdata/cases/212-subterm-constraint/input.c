static void foo_release(struct foo *p, struct bar *q, void *buf)
{
	kfree(p->buf);
	trace_use(p);
	trace_use(p->buf);
	trace_use(q);
	trace_use(buf);
}
