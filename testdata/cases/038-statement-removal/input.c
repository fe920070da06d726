#include <linux/mm.h>
#include <linux/mmdebug.h>

static int check_pinned(struct page *page)
{
	if (!page_maybe_dma_pinned(page)) {
		dump_page(page, "not pinned");
		return -EINVAL;
	}
	dump_page(page, __func__);
	return 0;
}
