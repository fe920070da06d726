// `...` then `return;` ending a function pattern's body reach every
// `return;` and the end of the body (implicit return); code added before a
// `return` that is an unbraced `if` body gets braces. As spatch 1.1.1.
@@
@@
 dev_close(...)
 {
   ...
+  trace_exit();
   return;
 }
