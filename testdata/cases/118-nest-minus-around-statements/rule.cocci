/// might_sleep() annotations under a spinlock are wrong; remove every one of
/// them between the lock and the unlock, however deeply nested.
@@
expression L;
@@
  spin_lock(L);
  <...
- might_sleep();
  ...>
  spin_unlock(L);
