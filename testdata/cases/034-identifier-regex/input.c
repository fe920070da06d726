#include <linux/mm.h>

static long a(unsigned long s, unsigned long n, struct page **p)
{
	return get_user_pages(s, n, 1, p);
}

static long b(unsigned long s, unsigned long n, struct page **p)
{
	return pin_user_pages_fast(s, n, 1, p);
}

static long c(unsigned long s, unsigned long n, struct page **p)
{
	/* internal helper: the regex is anchored, this one stays */
	return __get_user_pages_locked(s, n, 1, p);
}
