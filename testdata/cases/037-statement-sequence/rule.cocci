/// Dirty-and-release pairs become one unpin_user_pages_dirty_lock() call.
@@
expression P;
@@
- set_page_dirty_lock(P);
- put_page(P);
+ unpin_user_pages_dirty_lock(&P, 1, true);
