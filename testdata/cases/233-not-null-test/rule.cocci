// `E != NULL` also matches a bare `E` tested for truth (Coccinelle's
// isnt_null1), and replacing the test replaces all of it: `x != NULL`
// gave `12 NULL` before. Same as spatch, which reads even the comparison
// `dev->id < 0` as a value tested for truth (an operand of `&&` or `||`
// that is itself a test is not searched for one; spatch crashes there).
@@
expression E;
@@
- E != NULL
+ !IS_ERR_OR_NULL(E)
