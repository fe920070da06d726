// An iterator's arguments are a list: `iter(..., E, ...)` takes each of
// them (it took one only, the tree's nesting of commas). In a free.cocci
// shape this is what keeps a loop's next iteration from being read as a
// use after free: the path reaches the iterator head, which names a piece
// of the freed expression, and is that branch's. Scripts get code as
// spatch 1.1.1 gives it, tokens one space apart (`& pool -> chunks`).
// Same as spatch (the arguments are printed sorted: the order scripts run
// in for one rule's matches is spatch's own).
@initialize:python@
@@
args = []

@r@
expression E;
iterator iter;
statement S;
@@
 iter(..., E, ...) S

@script:python@
e << r.E;
@@
args.append(e)

@free@
expression E;
position p1;
@@
 kfree@p1(E)

@u exists@
expression free.E, subE <= free.E;
iterator iter;
statement S;
position free.p1, p2;
@@
 kfree@p1(E)
 ...
(
 iter(..., subE, ...) S
|
 E@p2
)

@script:python@
p1 << free.p1;
p2 << u.p2;
@@
print("line %s: used after the free on line %s" % (p2[0].line, p1[0].line))

@finalize:python@
@@
print("arguments: " + ", ".join(sorted(args)))
