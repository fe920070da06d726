#include <linux/mm.h>

static unsigned long user_off(unsigned long idx, unsigned long off)
{
	unsigned long a = (idx * PAGE_SIZE + off) >> 1;

	return a + idx * PAGE_SIZE + 12;
}
