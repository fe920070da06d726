@@
@@
+ unpin_user_page(page);
