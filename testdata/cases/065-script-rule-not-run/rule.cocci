// A script rule is parsed and kept, but not run (yet): the rule that uses
// what it computes does not run either, so nothing changes.
@r@
identifier f;
@@
 f(...)

@script:python s@
f << r.f;
g;
@@
coccinelle.g = f + "_new"

@@
identifier r.f;
identifier s.g;
@@
- f
+ g
  (...)
