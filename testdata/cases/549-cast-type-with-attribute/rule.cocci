// `#define NAME MACROANNOTATION` in the file makes NAME an attribute (as
// spatch's macro files do), and a `type` metavariable given a cast binds
// all of the cast's type, its attributes included: replacing it removes
// them. spatch 1.1.1 gives the same.
@@
type T;
identifier p;
@@
  (
- T
+ void *
  ) p
