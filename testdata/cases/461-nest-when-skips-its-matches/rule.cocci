// The `when != tmp` of a nest constrains the code between the nest's
// matches, not the matches themselves: `tmp` goes where every use of it
// is a `swap()`.
@@
expression a;
identifier tmp;
type T;
@@
- T tmp;
  <... when != tmp
  swap(a, tmp);
  ...>
