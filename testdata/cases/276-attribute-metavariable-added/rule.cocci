// An `attribute` metavariable in added code of its own: spatch 1.1.1 does
// not read it (a parse error at `a`), and sempatch refuses it too.
@@
attribute name cold;
attribute a;
identifier x;
@@
- int x a = 1;
+ long x = 2;
+ int y a;
