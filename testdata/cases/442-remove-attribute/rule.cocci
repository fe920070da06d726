// An attribute the pattern removes goes, with the space before it.
@@
type T;
identifier var;
attribute name __cleanup_free;
@@
  T var
- __cleanup_free
  ;
  ...
++ kfree(var);
  return ...;


@@
identifier x;
attribute name __maybe_unused;
@@
  int x
- __maybe_unused
  = 0;
