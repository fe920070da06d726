// The script leaves `other` unset: the match is kept without it, so the
// rule that reads only `fn` runs; a rule that reads `other` does not
// (spatch 1.1.1 stops with an internal error when one such rule
// reads another output too).
@script:python r@
fn;
other;
@@
coccinelle.fn = cocci.make_ident("old_init")

@@
identifier r.fn;
@@
- fn();
+ new_init();

@@
identifier r.other;
@@
- other();
