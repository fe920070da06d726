// Where the first branch of a disjunction matches, a later branch is not
// tried, even one that would match more code from the same place: the
// braced `if` is taken by the first branch alone (before, the second branch
// also matched it with the code after it, and the kernel's misc/ifcol.cocci
// reported fs/ext4/namei.c's braced `if`s as misaligned code; spatch does
// not). Not as spatch 1.1.1 for the unbraced `if` (line 7): sempatch prints
// 7, spatch prints nothing (its other brace isomorphisms let the first
// branch take an unbraced body too; sempatch does not have them).
@r disable braces4@
statement S1, S2;
position p;
@@
(
if (...) { ... }
|
if@p (...) S1 S2
)

@script:python@
p << r.p;
@@
print(p[0].line)
