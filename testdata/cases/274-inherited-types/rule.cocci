// Types from earlier rules: `type T = {r1.T, long}` constrains a type
// metavariable to one of the values `r1.T` took or to `long`; `{r2.U,
// r3.V} e` (or `r2.U *p`) types an expression metavariable with them (an alternative
// whose rule never matched, like `r3.V` here, matches nothing; the rule
// still runs). `type T != {int, char, long}` excludes types. Same output
// as spatch 1.1.1. (Where `r3` never matched and added code names `e`,
// spatch 1.1.1 leaves the rule out altogether; sempatch runs it as here.)
@r1@
type T;
identifier x;
@@
 void g(...) {
   ...
   T x;
   ...
 }

@r2@
type U;
U e2;
@@
 take(e2);

@r3@
type V;
V e3;
@@
 never_called(e3);

@@
type T = {r1.T, long};
identifier y;
@@
- T y;
+ T *y;

@@
{r2.U, r3.V} e;
@@
  show(
- e
+ 0
  );

@@
type T != {int, char, long};
identifier z;
@@
- T z = 0;
+ T z = 1;
