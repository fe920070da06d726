// Code added between a declarer macro's `)` and its `;` goes there, not
// inside the parentheses (the C reader folds the `)` into the macro; the
// code is placed before the `;` instead). Coccinelle's own test `decadd`
// expects this; spatch 1.1.1 leaves this struct alone.
@@
declarer name DECLARE_FOO_LIST;
attribute name __foo_aligned;
identifier s, x;
symbol y;
@@
struct s {
  ...
  DECLARE_FOO_LIST(x)
+ __foo_aligned(y)
  ;
  ...
}
