// A type metavariable bound from an expression's type stands for its
// qualifiers too: T of `T[] E` is `const struct reg` for a const array,
// which `sizeof(struct reg)` is not.
@@
type T;
T[] E;
@@
- sizeof(E) / sizeof(T)
+ ARRAY_SIZE(E)
