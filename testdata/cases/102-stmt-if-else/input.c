#include <linux/mm.h>

static void foo_set_flags(struct foo_req *req, unsigned int gup_flags)
{
	if (gup_flags & FOLL_WRITE)
		req->writable = 1;
	else
		req->writable = 0;

	/* no else branch: left alone */
	if (gup_flags & FOLL_LONGTERM)
		req->longterm = 1;

	/* reversed values: left alone */
	if (gup_flags & FOLL_FORCE)
		req->forced = 0;
	else
		req->forced = 1;
}
