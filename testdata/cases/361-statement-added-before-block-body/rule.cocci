// Code added before every statement, a block that is the body of an `if`
// included: there it wraps the block in a new one, since beside it the
// added statement would leave the branch (before, sempatch wrote
// `if (x) mark_stmt(); { … }`). The old block goes one level deeper
// inside the new one. As spatch 1.1.1 prints it.
@@
statement S;
@@
+ mark_stmt();
  S
