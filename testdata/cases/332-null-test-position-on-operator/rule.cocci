// A position on the `==` of `E == NULL` keeps the test to that form: the
// isomorphism to `!E` would leave the position nothing to stand on, so it is
// not applied (as in spatch); `if (!base)` is not a match.
@@
position p;
expression E;
statement S;
@@
- if (E ==@p NULL) S
