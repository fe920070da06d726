// Report mode as the kernel's scripts write it: a rule binds a position,
// a script prints one line per match with coccilib.report, and an
// initialize rule's state is seen by the rule scripts (same as spatch).
@initialize:python@
@@
seen = []

@r@
expression E;
position p;
@@
 kfree@p(E);
 ...
 E->next

@script:python@
p << r.p;
e << r.E;
@@
seen.append(e)
coccilib.report.print_report(p[0], "use of %s after kfree (match %d)" % (e, len(seen)))
