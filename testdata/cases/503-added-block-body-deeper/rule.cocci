// An added block's inside goes one level deeper than its `{`, and its `}`
// at the `{`'s level, however the semantic patch indents them (here all
// at one level). spatch 1.1.1 prints the same.
@@
@@
if (...)
- {
- ack_one(c);
- ack_two(c);
- }
+ {
+ ack_all(c);
+ }
