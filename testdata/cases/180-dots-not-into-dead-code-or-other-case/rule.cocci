/// `A ... B` follows control flow: no `B` in dead code after `return` or
/// `goto`, none in another `case` of a `switch` after `break`.
@@
@@
  foo_start();
  ...
- foo_stop();
+ foo_stop_sync();
