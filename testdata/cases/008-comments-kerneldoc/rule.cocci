@rename everywhere@
@@
- put_user_page
+ unpin_user_page

@comments doc@
@@
- put_user_page
+ unpin_user_page
