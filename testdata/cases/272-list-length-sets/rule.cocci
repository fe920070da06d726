// A list length may be constrained to a set of counts and ranges
// (`n = {1...2, 4}`, `n != {...}`), and `idexpression *E` binds a variable
// of any pointer type (`if (i)`, an int, is left). Same as spatch 1.1.1
// but for the layout of the added `else` (spatch writes `use(p);else` and
// `p = NULL;` on the next line).
@@
expression list[n = {1...2, 4}] es;
@@
- f(es);
+ g(es);

@@
expression list[n != {0...1}] es;
@@
- h(es);
+ h2(es);

@@
idexpression *E;
statement S;
@@
 if (E != NULL) S
+ else E = NULL;
