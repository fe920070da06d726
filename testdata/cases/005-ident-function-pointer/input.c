#include <linux/mm.h>

struct page_release_ops {
	void (*release)(struct page *page);
	void (*release_many)(struct page **pages, unsigned long n);
};

static const struct page_release_ops gup_release_ops = {
	.release	= put_user_page,
	.release_many	= put_user_pages,
};

static void (*default_release)(struct page *) = put_user_page;

static void setup_ops(struct page_release_ops *ops, bool pinned)
{
	ops->release = pinned ? put_user_page : put_page;
	if (ops->release == put_user_page)
		pr_debug("using %ps\n", put_user_page);
}
