// In a field `T I;`, the type metavariable takes the pointer's stars too
// (`struct page **pages;` binds T to `struct page **`), as in a
// declaration.
@@
type T;
identifier I;
fresh identifier J = I ## "_spare";
@@
struct pool {
  ...
  T I;
+ T J;
  ...
};
