@@
@@
- put_user_page
+ unpin_user_page

@comments@
@@
- put_user_page
+ unpin_user_page
