@rename everywhere@
@@
- put_user_pages
+ unpin_user_pages
