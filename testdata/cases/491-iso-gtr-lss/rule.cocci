// Default isomorphism gtr_lss (read from the compiled-in standard.iso):
// `x < y` also matches `y > x`, binding x and y as the `<` would. The
// second rule disables gtr_lss_eq (`<=`) and matches only as written.
// spatch 1.1.1 gives the same diff.
@@
expression x, y;
@@
- x < y
+ time_before(x, y)

@ disable gtr_lss_eq @
expression x, y;
@@
- x <= y
+ time_before_eq(x, y)
