// `local << merge.var` in a finalize rule: the list of the values the
// global `var` had in each process (one here), as spatch gives it.
// (spatch 1.1.1 stops with "module 'coccinelle' has no attribute 'calls'": its
// python side looks the global up in the wrong place; OCaml merges work.)
@initialize:python@
@@
calls = {}

@r@
identifier fn;
@@
fn(...);

@script:python@
fn << r.fn;
@@
calls[fn] = calls.get(fn, 0) + 1

@finalize:python@
tables << merge.calls;
@@
total = {}
for t in tables:
    for k, v in t.items():
        total[k] = total.get(k, 0) + v
print(len(tables))
for k in sorted(total):
    print("%s %d" % (k, total[k]))
