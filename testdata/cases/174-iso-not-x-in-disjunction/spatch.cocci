/// `x == NULL` in a pattern matches `!x` too, and removing the test removes
/// the `!` with it.
@@
expression x;
@@
- (x == NULL) || foo_invalid(x)
+ foo_unusable(x)
