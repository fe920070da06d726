// `?` in column 0: the statement may be there or not (here a NULL test
// between the allocation and the memset, written over two lines).
@@
expression x, size, flags;
@@
- x = kmalloc(size, flags);
+ x = kzalloc(size, flags);
? if (x == NULL)
?   return -ENOMEM;
- memset(x, 0, size);
