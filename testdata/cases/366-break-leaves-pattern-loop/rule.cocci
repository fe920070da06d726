// A `break;` in the pattern's loop leaves that loop: the `break` of the
// `switch` inside the loop is not one (before, it matched too). As spatch
// 1.1.1.
@@
@@
 for (...;...;...) {
   <...
   dev_fail(...);
+  dev_log_break();
   break;
   ...>
 }
