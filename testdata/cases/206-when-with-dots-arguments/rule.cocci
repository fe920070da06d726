// `when != spin_unlock(...)`: the dots in the arguments stand for any
// arguments. They were read as the literal token `...`, so the dots passed
// every unlock and b() below was changed though the lock is released
// before it.
@@
@@
  spin_lock(...);
  ... when != spin_unlock(...)
- call_locked();
+ call_locked_fast();
