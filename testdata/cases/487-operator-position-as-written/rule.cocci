// A position on a commutative operator (`c1 +@p c`) is bound by matching
// the operation as written; turning it around left `p` unbound, so a
// rule (or script) using it found nothing (misc/orplus). spatch 1.1.1
// changes the same line.
@r@
constant c, c1;
position p;
@@
 c1 +@p c

@@
constant r.c, r.c1;
position r.p;
@@
- c1 +@p c
+ c1 | c
