// `T x;` with its `;` left as it is also matches `T x = E;` (the
// initialiser is not looked at), as spatch reads it: the array's
// MODULE_PARM goes. A rule that removes the `;` (`- int I;` / `+ long
// I;`, the `;` removed and added back) matches only declarations without
// an initialiser.
@r@
identifier I;
type T;
expression E;
@@
T I[E];

@@
identifier r.I;
expression str;
declarer name MODULE_PARM;
@@
- MODULE_PARM(I, str);

@@
identifier I;
@@
- int I;
+ long I;
