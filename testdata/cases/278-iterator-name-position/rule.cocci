/// A position on an iterator metavariable's name (`I@p1(x, ...)`) is bound
/// to the iterator's name in the code, as iterators/itnull.cocci needs to
/// report the line of the loop. spatch 1.1.1 prints the same.
@r exists@
iterator I;
expression x;
position p1, p2;
@@
I@p1(x, ...) {
  ... when any
(
  x@p2 == NULL
|
  x@p2 != NULL
)
  ... when any
}

@script:python@
p1 << r.p1;
p2 << r.p2;
@@
print("%s:%s-%s: tested on line %s" % (p1[0].line, p1[0].column, p1[0].column_end, p2[0].line))
