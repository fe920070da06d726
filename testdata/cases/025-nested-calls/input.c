#include <linux/mm.h>

static unsigned long gup_span(unsigned long start, unsigned long len)
{
	unsigned long end = ALIGN(ALIGN(start + len, 64), PAGE_SIZE);

	return (end - ALIGN(start, PAGE_SIZE)) >> PAGE_SHIFT;
}
