// `E != NULL` also matches a bare `E` tested for truth (Coccinelle's
// isnt_null1), and replacing the test replaces all of it: `x != NULL`
// gave `12 NULL` before. Not where the file types E as an integer: the
// comparison `dev->id < 0` is an int, no pointer compared with NULL
// (spatch 1.1.1 rewrites it too, into `!IS_ERR_OR_NULL(dev->id < 0)`;
// an operand of `&&` or `||` that is itself a test is not searched for
// one; spatch crashes there).
@@
expression E;
@@
- E != NULL
+ !IS_ERR_OR_NULL(E)
