// A declaration pattern `T x;` against `int x[N];` binds T to the type
// with the bounds (`int [N]`), as it takes a pointer's stars: replacing T
// replaces them too. spatch 1.1.1 gives the same.
@@
type T;
symbol buf;
@@
  probe(...) {
-   T
+   unsigned int
    buf;
    ...
  }
