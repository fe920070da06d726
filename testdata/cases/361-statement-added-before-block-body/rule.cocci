// Code added before every statement, a block that is the body of an `if`
// included: there it wraps the block in a new one, since beside it the
// added statement would leave the branch (before, sempatch wrote
// `if (x) mark_stmt(); { … }`). As spatch 1.1.1, but for the layout:
// spatch re-indents the old block inside the new one.
@@
statement S;
@@
+ mark_stmt();
  S
