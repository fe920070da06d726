/// mm: rename put_user_page() to unpin_user_page() in declarations.
@rename everywhere@
@@
- put_user_page
+ unpin_user_page
