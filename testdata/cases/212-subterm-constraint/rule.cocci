// `x <= r.E`: x binds code within a value r.E took (the value itself
// too), but not a field's name: `buf` is no piece of `p->buf` (spatch
// agrees).
@r@
expression E;
@@
kfree(E);

@@
expression x <= r.E;
@@
- trace_use(x);
+ trace_use_after_free(x);
