// Coccinelle reference for transforms/unpin_user_page.cocci (calls only:
// Coccinelle has no rule form for prototypes, exports and comments at once).
@@
@@
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
  (...)

@@
@@
- put_user_pages
+ unpin_user_pages
  (...)

@@
@@
- put_user_page
+ unpin_user_page
  (...)
