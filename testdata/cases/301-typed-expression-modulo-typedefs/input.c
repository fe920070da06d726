typedef struct req {
	int id;
} req_t;
typedef req_t req_alias_t;
typedef struct req *req_p;
struct other {
	int id;
};

static req_t first(void) { return table[0]; }

static void release(req_t *a, struct req *b, req_alias_t *c, req_p d,
		    struct other *e)
{
	req_free(a);
	req_free(b);
	req_free(c);
	req_free(d);
	req_free(e);
	req_done(a);
	req_done(b);
	req_done(c);
	req_done(d);
	req_done(e);
}
