// A declaration pattern of one name matches one name of a declaration of
// several: removing it keeps the others and their commas right; code added
// in its place goes on a line of its own, before or after the declaration
// as the SmPL has it; removing every name removes the declaration. Same as
// spatch.
@@
symbol npages;
@@
- int npages;
++ long npages;

@@
symbol flags;
@@
+ unsigned int gup_flags = 0;
- unsigned int flags;

@@
identifier f;
type T;
@@
 f(...) { ... when any
- T tmp;
  ... when any
 }
