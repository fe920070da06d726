// `if (...) { ... P ... }` also matches an `if` whose body is one statement
// without braces (standard.iso's braces2) when the rule changes code only
// inside P, between its first and last tokens: the body stays one
// statement. A rule that removes or adds whole statements there still
// needs the braces (second function: nothing changes). spatch 1.1.1 gives
// the same (tests/odd_ptr_err's patch on mm/zsmalloc.c).
@@
expression x, y;
@@
if (IS_ERR(x)) {
  ... when any
  PTR_ERR(
-   y
+   x
  )
  ... when any
}

@@
expression x;
@@
if (IS_ERR(x)) {
  ...
- release(x);
  ...
}
