// `+ return` on a line of its own before a kept call makes one statement
// with it: spatch prints `return foo_flush(foo);` on one line.
@@
identifier fn;
expression e;
@@
 fn(...) {
 ...
+return
 foo_flush(e);
-return 0;
 }
