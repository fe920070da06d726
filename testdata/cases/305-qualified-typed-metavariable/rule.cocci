// `const T x;` matches only variables declared const (T binding the type
// without it), and a type metavariable binds a type keyword given as a
// macro's argument (`SIZE_CHECK(x, int)`), not part of `const int` there.
@@
type T;
const T x;
@@

- SIZE_CHECK(x, T);

@@
type T;
const T[] E;
@@

- sizeof(E) / sizeof(T)
+ ARRAY_SIZE(E)
