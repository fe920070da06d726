// A type metavariable before a name takes the stars of a pointer
// declarator: `T x` matches `struct page **pages` with T = `struct page **`,
// in a declaration with an initialiser and as a parameter; added code
// writes it against the name as spatch does (`struct page **old`).
@@
type T;
identifier x;
expression E;
@@
- T x = E;
+ T x = checked(E);

@@
type T;
identifier f, p;
@@
 f(T p) {
+ T saved = p;
  ...
 }
