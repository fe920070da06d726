#include <linux/mm.h>

static unsigned long kaddr_pfn(void *kaddr, unsigned long off)
{
	unsigned long a = page_to_pfn(virt_to_page(kaddr));

	return a + page_to_pfn((virt_to_page((kaddr + off))));
}
