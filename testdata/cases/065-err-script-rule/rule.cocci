@r@
identifier f;
@@
 f(...)

@script:python@
f << r.f;
@@
print(f)
