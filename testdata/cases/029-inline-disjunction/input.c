#include <linux/mm.h>

static void vhost_release(struct page *page, bool pinned)
{
	if (pinned)
		put_user_page(page);
	else
		put_page(page);
	get_page(page);
}
