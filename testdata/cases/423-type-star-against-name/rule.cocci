// A name added after a type that ends in `*`, the type removed and added
// back, is written against the star (`const char * const *names`), as
// spatch prints a declaration, whatever space the source had there.
@@
type T;
identifier fn;
symbol old_names;
@@
 fn(...) {
- T old_names;
+ T names;
 ...
 }
