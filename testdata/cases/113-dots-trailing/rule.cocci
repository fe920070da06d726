/// Clearing a local pointer after kfree() is pointless when the pointer is
/// not used again.
@@
identifier p;
@@
  kfree(p);
- p = NULL;
  ... when != p
