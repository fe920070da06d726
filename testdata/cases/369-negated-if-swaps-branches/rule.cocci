// `if (X) S1 else S2` also matches `if (!X) S2 else S1` (Coccinelle's
// neg_if and ne_if isomorphisms): `!dev_ready(E)` with its branches
// swapped is `dev_ready(E)`, `p == NULL` is `p != NULL` (and `p`, tested
// for truth; not `n > 0`, an integer: see case 233). spatch 1.1.1
// adds `check_ready(d)` as here (with the first branch as a rule of its
// own); on the `E == NULL` branch it stops ("already tagged token": its
// isomorphisms also bind `E` to `d->buf != NULL` at the first `if`), so
// the `check_null` calls are sempatch's reading.
@@
expression E;
statement S1, S2;
@@
(
+ check_ready(E);
  if (!dev_ready(E)) S1 else S2
|
+ check_null(E);
  if (E == NULL) S1 else S2
)
