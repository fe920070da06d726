// when any, when != x = E: the last kfree() of a buffer a function
// allocated, with no reassignment on the way.
@@
expression x, E;
@@
  x = kmalloc(...);
  ... when != x = E
      when any
- kfree(x);
+ kfree_once(x);
