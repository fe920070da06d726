// `when != true E`: the dots do not take the branch where a test matching
// E holds (a NULL test here, `x == NULL || ...` covering `!x || ...`).
@@
expression x;
@@
  x = kmalloc(...);
  ... when != true x == NULL || ...
- setup(x);
+ setup_checked(x);
