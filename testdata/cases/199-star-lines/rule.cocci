// `*` lines (Coccinelle's context mode) are matched like `-` lines and
// shown as a diff; the file is never changed by them.
@r@
expression E;
@@
* kfree(E);
  ... when != E = NULL
* return E->count;
