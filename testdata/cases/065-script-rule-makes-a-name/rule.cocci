// A script rule makes a name from what an earlier rule bound, and a later
// rule inherits it: the called function gets its `_new` name (spatch gives
// the same).
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
