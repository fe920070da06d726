// `- {` … `- }` unwraps a block statement, never a function's body (its
// braces belong to the function); the sizes and pointer differences C
// defines have their types: `size_t`, `ptrdiff_t` (spatch agrees, but
// leaves a line of white space where the closing brace was).
@@
@@
- {
  foo_flush();
- }

@@
size_t n;
ptrdiff_t d;
@@
(
- check(n)
+ check_size(n)
|
- check(d)
+ check_diff(d)
)
