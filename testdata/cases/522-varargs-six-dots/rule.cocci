// `......` in a parameter list is C's varargs `...`: it matches a variadic
// function only. A statement added to an empty body goes one level in.
// spatch 1.1.1 adds `return 0;` to `log_msg` only.
@@
identifier fn;
parameter p;
@@
fn(p, ......)
{
...
+ return 0;
}
