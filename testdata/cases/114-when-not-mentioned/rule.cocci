/// A buffer that is allocated and freed without being used in between is
/// not needed at all.
@@
identifier buf;
expression E, G;
@@
- buf = kmalloc(E, G);
  ... when != buf
- kfree(buf);
