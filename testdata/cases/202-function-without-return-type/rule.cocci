// A function definition written without a return type matches one with
// any type, storage and qualifiers; removing it removes them too.
@@
identifier fn;
@@
  fn(...) {
+ trace_enter();
  ...
  }

@@
@@
- unused_helper(int x) { ... }
