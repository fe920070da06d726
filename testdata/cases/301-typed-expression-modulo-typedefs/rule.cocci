// A typed metavariable's type is compared with the code's once the
// file's typedef names are replaced by what they stand for, both ways:
// `struct req *` is `req_t *`, and a `type` metavariable bound to
// `req_t` also matches `struct req *`. A typedef of a pointer is not a
// pointer to the tag (`req_p` is `struct req *`, not `struct req`), and
// an unrelated struct with the same fields is another type.
@@
struct req *r;
@@

- req_free(r);
+ req_put(r);

@t@
type T;
identifier fn;
@@

T fn(void) { ... }

@@
type t.T;
T *x;
@@

- req_done(x);
+ req_finish(x);
