// Where the first branch of a disjunction matches, a later branch is not
// tried, even one that would match more code from the same place: the
// braced `if` is taken by the first branch alone (before, the second branch
// also matched it with the code after it, and the kernel's misc/ifcol.cocci
// reported fs/ext4/namei.c's braced `if`s as misaligned code; spatch does
// not). The unbraced `if` (line 7) is taken by the first branch too: with
// braces4 turned off, braces0 (`{ ... }` matches a lone statement) still
// holds. As spatch 1.1.1: nothing printed.
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
