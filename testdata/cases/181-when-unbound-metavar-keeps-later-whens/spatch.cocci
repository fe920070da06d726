@@
expression E, F;
@@
  foo_lock(E);
  ... when != foo_get(F)
      when strict
- foo_unlock(E);
+ foo_unlock_fast(E);
