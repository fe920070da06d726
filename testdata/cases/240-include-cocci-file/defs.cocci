// Included by rule.cocci: its virtual line and rules are read as if
// written where the `#include` is.
virtual extra

@getter@
identifier f;
@@
int f(void) { ... }
