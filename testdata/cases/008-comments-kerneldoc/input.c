#include <linux/mm.h>

/**
 * put_user_page() - release a gup-pinned page
 * @page:            pointer to page to be released
 *
 * Pages that were pinned via get_user_pages*() must be released via
 * either put_user_page(), or one of the put_user_pages*() routines
 * below. This is so that eventually, pages that are pinned via
 * get_user_pages*() can be separately tracked and uniquely handled.
 */
void put_user_page(struct page *page)
{
	put_page(page);	/* for now, put_user_page == put_page */
}

static const char *names[] = {
	"put_user_page",	// keep the string: it is ABI
};
