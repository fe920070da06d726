@rename everywhere@
@@
(
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
|
- put_user_pages
+ unpin_user_pages
)
