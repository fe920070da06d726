// `+`, `*`, `|` and `&` are commutative in patterns, as `==` and `!=`
// were already (standard.iso's plus_comm, mult_comm, bitor_comm,
// bitand_comm): `N * sizeof(T)` finds `sizeof(struct desc) * n` too, and
// `E | __GFP_ZERO` finds `__GFP_ZERO | GFP_KERNEL`, as spatch 1.1.1 does.
// Only where the operator is written: `A b 1` with an operator
// metavariable `b` is not turned around (`1 - n` is not found).
@@
expression N;
type T;
@@
* kzalloc(N * sizeof(T), ...)

@@
expression E;
@@
* E | __GFP_ZERO

@@
expression A;
binary operator b = {-};
@@
* A b 1
