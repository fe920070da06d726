// A function head written without its return type matches any, and
// rewriting the head keeps the type it did not match (`static int`
// stays); `static f(...)` matches only functions declared static, with
// `inline` and the type left as they are. Same as spatch.
@@
identifier f;
@@
- f(struct device *dev, int flags)
+ f(struct device *dev)
  { ... }

@@
identifier f;
statement S;
@@
static f(...) {
- S
}
