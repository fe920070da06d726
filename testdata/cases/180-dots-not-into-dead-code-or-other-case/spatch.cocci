@@
@@
  foo_start();
  ...
- foo_stop();
+ foo_stop_sync();
