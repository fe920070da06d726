// A type metavariable binds a #define's body only where the body is a
// type: a type word, or a name the file declares as a type; `#define
// other counter`, `counter` a variable, is not one. Same as spatch.
@@
type T;
@@
- #define chip_t T

@@
type T;
@@
- #define other T

@@
type T;
@@
- #define third T
