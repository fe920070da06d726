// Three readings spatch makes, each once a source of false reports:
// a script reading a rule and a rule that inherited from it gets only
// the pairs that belong together (doubleinit's shape: one report per
// field given twice, not one per pair of fields); `if (...) S1 else S1`
// asks for two equal branches (not any `if` without `else`); a rule
// that only matches is `forall` like one that transforms (returnvar's
// report rule: nothing where a path assigns the variable).
@r@
identifier I, s, fld;
position p0, p;
expression E;
@@
struct I s =@p0 { ..., .fld@p = E, ... };

@t@
identifier I, s, r.fld;
position r.p0, p;
expression E;
@@
struct I s =@p0 { ..., .fld@p = E, ... };

@script:python@
p0 << r.p0;
fld << r.fld;
ps << t.p;
pr << r.p;
@@
if int(ps[0].line) != int(pr[0].line):
    print("%s: %s given twice (lines %s, %s)" % (p0[0].line, fld, pr[0].line, ps[0].line))

@c@
statement S1;
position p;
@@
if@p (...) S1 else S1

@script:python@
p << c.p;
@@
print("%s: both branches alike" % p[0].line)

@v@
identifier ret;
constant C;
position p;
@@
int ret@p = C;
... when != ret
    when strict
return ret;

@script:python@
p << v.p;
ret << v.ret;
@@
print("%s: %s is always %s" % (p[0].line, ret, "its initial value"))
