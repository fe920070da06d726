/// A device opened and closed with no way out in between (no return, no
/// goto) closes with foo_close_sync().
@@
expression D;
@@
  foo_open(D);
  ... when strict
- foo_close(D);
+ foo_close_sync(D);
