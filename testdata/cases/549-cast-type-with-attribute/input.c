#define __percpu_attr MACROANNOTATION

static void *slot_of(unsigned long base)
{
	void *a = (unsigned long __percpu_attr) base;
	void *b = (__percpu_attr char *) base;
	void *c = (char __percpu_attr *) base;
	void *d = (long) base;

	return a ? b : c ? c : d;
}
