/// put_user_pages() becomes unpin_user_pages_dirty_lock() with
/// make_dirty = false.
@@
expression P, N;
@@
- put_user_pages(P, N)
+ unpin_user_pages_dirty_lock(P, N, false)
