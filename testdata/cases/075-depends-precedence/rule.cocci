/// `&&` binds tighter than `||`: (fast && remote) || plain.
@fast@
@@
 get_user_pages_fast
@remote@
@@
 get_user_pages_remote
@plain@
@@
 get_user_pages

@depends on fast && remote || plain@
expression P;
@@
- put_page(P)
+ unpin_user_page(P)

@depends on plain || fast && remote@
expression P, N;
@@
- release_pages(P, N)
+ unpin_user_pages(P, N)

@depends on fast && !plain || remote@
@@
- get_page
+ try_grab_page
