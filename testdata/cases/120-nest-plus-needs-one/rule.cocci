/// A `<+... ...+>` nest needs at least one match on the way: a function with
/// lock and unlock but no put_page() in between is not a match, so nothing
/// is added there.
@@
expression M, P;
@@
  mmap_read_lock(M);
  <+...
  put_page(P);
  ...+>
- mmap_read_unlock(M);
+ mmap_read_unlock_and_flush(M);
