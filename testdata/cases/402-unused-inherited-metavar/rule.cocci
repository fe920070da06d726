// `r.x` is declared but not used: spatch drops it (with a warning), so
// the second rule runs though `r` matched nothing.
@r@
identifier x;
@@
never_called(x);

@@
identifier r.x;
@@
- legacy_flush();
+ flush_all();
