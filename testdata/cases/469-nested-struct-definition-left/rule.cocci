// A struct definition pattern matches definitions where a type is
// written (file scope, a function), not one nested in another struct's
// fields: spatch reads those as fields and leaves them.
@@
identifier t;
@@
struct
- t
+ dev_regs
{ ... };
