#include <linux/minmax.h>
#include <linux/mm.h>

static unsigned long gup_batch(unsigned long nr_pages, unsigned long left)
{
	return min(nr_pages, min(left, PAGE_SIZE / sizeof(struct page *)));
}
