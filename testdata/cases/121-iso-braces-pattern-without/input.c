#include <linux/mm.h>

static void foo_redirty(struct page *page, struct page *head)
{
	if (PageDirty(page))
		set_page_dirty(page);

	if (PageDirty(head)) {
		set_page_dirty(head);
	}
}
