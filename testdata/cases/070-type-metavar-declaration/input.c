#include <linux/slab.h>

static int gup_ctx_init(struct gup_req *req)
{
	struct gup_ctx *ctx = kmalloc(sizeof(*ctx), GFP_ATOMIC);
	gup_cookie_t cookie = kmalloc(req->len, GFP_ATOMIC);

	if (!ctx || !cookie)
		return -ENOMEM;
	/* not a declaration: left alone */
	req->buf = kmalloc(req->len, GFP_ATOMIC);
	return 0;
}
