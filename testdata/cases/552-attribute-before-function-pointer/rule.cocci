// An attribute the semantic patch declares, written before a function
// pointer parameter's `(*name)` (`int __cb_attr (*cb)(int)`), is read as an
// attribute without arguments: the parentheses are the declarator's. The
// pattern, which leaves the attribute out, matches, as in spatch 1.1.1.
@@
attribute name __cb_attr;
type T;
identifier f, cb;
@@
f(...,
- T
+ long
  (*cb)(int), ...) {...}
