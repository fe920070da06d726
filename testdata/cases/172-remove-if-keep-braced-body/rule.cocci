/// Removing an `if` around a braced body: the body's statements take its
/// place, at its depth; no stray braces, continuation lines move too.
@@
expression E;
@@
- if (E != NULL) {
  kfree(E);
- }
