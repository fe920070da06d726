/// The classic kmalloc + memset -> kzalloc rule (forall dots).
@@
expression x, size, flags;
@@
- x = kmalloc(size, flags);
+ x = kzalloc(size, flags);
  ...
- memset(x, 0, size);
