#include <linux/mm.h>

static void foo_done(struct page *page, bool used)
{
	if (used) {
		mark_page_accessed(page);
		foo_account(page);
	} else {
		/* the other branch: not reachable from the first one */
		put_page(page);
	}
}

static void foo_done_after(struct page *page, bool used)
{
	if (used) {
		mark_page_accessed(page);
		foo_account(page);
	} else {
		foo_drop(page);
	}
	/* after the if: reachable */
	put_page(page);
}
