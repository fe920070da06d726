// A metavariable bound twice binds one variable: the `buf` inside the
// block that declares its own `buf` is another variable (as in spatch).
@@
expression E;
@@
- lock(E);
  ...
- unlock(E);
+ unlock_and_flush(E);
