/// Only calls whose arguments are all plain names are converted.
@@
identifier list ids;
@@
- put_user_pages_dirty(ids)
+ unpin_user_pages_dirty_lock(ids, true)
