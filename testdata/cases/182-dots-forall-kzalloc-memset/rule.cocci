/// The classic kmalloc+memset rule is forall: a memset() under an `if`
/// after a loop that fills the buffer is not on every path and stays.
@@
expression x, size, flags;
@@
- x = kmalloc(size, flags);
+ x = kzalloc(size, flags);
  ...
- memset(x, 0, size);
