// A `return;` ending the pattern also matches where control falls off the
// end of the function's body (Coccinelle's implicit return): the added
// call goes before each `return;` and before the closing brace. As spatch
// 1.1.1.
@@
@@
  mutex_lock(...);
  ...
+ trace_exit();
  return;
