// A comma expression split into two statements in an unbraced branch: the
// branch gets braces and each statement a line of its own (the `-` and `+`
// lines do not pair up, they hold different numbers of statements).
// spatch 1.1.1 prints `if (err) {` / `dev_err(...);` / `goto out;`... on
// lines of their own.
@@
expression list e1, e2;
identifier f1, f2;
@@

- f1(e1), f2(e2);
+ f1(e1); f2(e2);
