// A test written `X` also matches `X != 0` (and `0 != X`) where the
// semantic patch gives X an integer type (arithmetic, `sizeof`, a cast to
// an integer type, a metavariable declared `int`), as spatch 1.1.1's
// isomorphisms do; a call or an untyped name does not, nor `X != NULL`.
// Removing X whole removes its `!= 0` too.
@@
identifier a, b;
statement S;
@@
  if (a
- -
+ +
  b) S

@@
idexpression int n;
@@
  if (
- n
+ n > 0
  ) { ... }
