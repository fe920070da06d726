/// A function that reaches foo_update_locked() without taking the lock
/// itself calls foo_update() instead, which takes it.
@@
expression D;
@@
  ... when != spin_lock(&D->lock)
- foo_update_locked(D);
+ foo_update(D);
