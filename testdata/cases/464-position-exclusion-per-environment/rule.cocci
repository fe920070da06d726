// `p1 != first.p` excludes the positions `first` bound together with the
// value of `first.E` this run of the rule inherits, not those of every
// match of `first`: spatch runs the rule once per distinct inherited `E`,
// with the positions of the matches that gave that `E` merged.
@first@
expression E, A;
position p;
@@
dev_put@p(E, A);

@@
expression first.E;
expression B;
position p1 != first.p;
@@
- dev_put@p1(B, E);
+ dev_put_ref(B, E);
