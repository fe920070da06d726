// Code added before a statement that other code precedes on its line
// follows that code, and the statement goes to a line of its own, one
// level deeper than the line, as spatch 1.1.1 lays it out (before, the
// added call was put on the line: `{ d->err = e; trace_ret(); return; }`).
@@
@@
 dev_abort(...)
 {
   ...
+  trace_ret();
   return;
 }
