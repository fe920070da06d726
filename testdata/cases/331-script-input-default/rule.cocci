// A script input with a default value (`x << r.x = "none";`, `= []` for a
// position) takes it where `r` bound nothing, even when `r` never matched:
// the script runs anyway, as in spatch.
virtual strict

@r depends on strict@
identifier fn;
position p;
@@
fn@p(...);

@script:python@
fn << r.fn = "none";
p << r.p = [];
@@
print("%s %d" % (fn, len(p)))

@missing@
identifier fn;
@@
kfree_skb_list(fn);

@script:python@
fn << missing.fn;
@@
print("never printed: no default")
