@rename everywhere@
@@
(
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
|
- put_user_pages
+ unpin_user_pages
|
- put_user_page
+ unpin_user_page
)

@comments doc@
@@
(
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
|
- put_user_pages
+ unpin_user_pages
|
- put_user_page
+ unpin_user_page
)
