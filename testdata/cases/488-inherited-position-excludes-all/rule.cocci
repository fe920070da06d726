// `p1 != t.p` with `t.p` inherited too (`position any t.p`): inherited
// positions split no run of the rule, so every position `t` bound is
// excluded, not only the one of the current run (null/kmerr reported each
// tested allocation against every other one). spatch 1.1.1 marks only the
// untested allocation.
@t@
expression x;
position p;
identifier f;
@@
x@p = f(...);
...
x == NULL

@r exists@
expression x, x1;
position p1 != t.p;
position any t.p;
identifier f;
statement S;
@@
* x@p1 = kmalloc(...);
...
x1@p = f(...);
if (!x1) S
