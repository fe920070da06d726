/// A position on an iterator metavariable's name (`I@p1(x, ...)`) is bound
/// to the iterator's name in the code, as iterators/itnull.cocci needs to
/// report the line of the loop; and so is a position on an iterator known
/// by name (`iterator name list_for_each_entry;`), which
/// iterators/use_after_iter.cocci uses; a block in the pattern matches the
/// unbraced body at line 21 (braces0). spatch 1.1.1 prints the same lines,
/// the last two in the other order.
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

@n exists@
identifier c, member;
iterator name list_for_each_entry;
position p;
@@
list_for_each_entry@p(c, ..., member) { ... when != break;
                                        when forall
}

@script:python@
p << n.p;
@@
print("%s:%s-%s: iterated by name" % (p[0].line, p[0].column, p[0].column_end))
