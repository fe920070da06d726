/// A `when != foo_get(F)` with `F` bound nowhere means any `foo_get()`,
/// and the `when strict` after it still holds: a path that returns early
/// without the unlock fails the match.
@@
expression E, F;
@@
  foo_lock(E);
  ... when != foo_get(F)
      when strict
- foo_unlock(E);
+ foo_unlock_fast(E);
