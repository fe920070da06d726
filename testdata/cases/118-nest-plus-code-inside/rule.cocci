/// Inside the mmap lock, every put_page() becomes put_user_page(), however
/// deeply nested; outside it nothing changes.
@@
expression M, P;
@@
  mmap_read_lock(M);
  <...
- put_page(P);
+ put_user_page(P);
  ...>
  mmap_read_unlock(M);
