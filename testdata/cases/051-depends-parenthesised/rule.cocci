@a@
@@
 get_user_pages_fast
@b@
@@
 get_user_pages
@c@
@@
 pin_user_pages

@depends on (a || b) && !c@
@@
- put_user_pages
+ release_user_pages

@depends on a && !(b || !c)@
@@
- put_user_page
+ release_user_page
