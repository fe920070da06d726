#include <linux/atomic.h>

static void foo_put(struct foo_obj *obj)
{
	atomic_dec_and_test(&obj->users);
}

static void foo_put_final(struct foo_obj *obj)
{
	/* the result is used: not an expression statement */
	if (atomic_dec_and_test(&obj->refs))
		foo_free(obj);
}

static bool foo_put_last(struct foo_obj *obj)
{
	bool last = atomic_dec_and_test(&obj->refs);

	return last || atomic_dec_and_test(&obj->users);
}
