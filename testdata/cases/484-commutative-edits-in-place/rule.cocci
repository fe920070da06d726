// Commutative operators (case 483) when the rule changes code inside the
// operation. Known difference from spatch 1.1.1: spatch also rewrites
// the turned-around forms (`kzalloc(sizeof(struct desc) * n, ...)` into
// `kcalloc(n, sizeof(struct desc), ...)`, `__GFP_ZERO | GFP_KERNEL` into
// `GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN`); sempatch edits in place,
// token by token in the pattern's order, and would put the edits on the
// wrong operand there (it wrote `kcalloc(sizeof(struct desc) , n, ...)`),
// so it changes only the forms as written. `A b 1` with an operator
// metavariable is not turned around (`1 - n` stays), as in spatch.
@@
expression N, F;
type T;
@@
- kzalloc(N * sizeof(T), F)
+ kcalloc(N, sizeof(T), F)

@@
expression E;
@@
- E | __GFP_ZERO
+ E | __GFP_ZERO | __GFP_NOWARN

@@
expression A;
binary operator b = {-};
@@
- A b 1
+ A - 2
