@gup@
expression E1, E2, E3, E4;
@@
- get_user_pages(E1, E2, E3, E4)
+ pin_user_pages(E1, E2, E3, E4)

@remote@
expression list args;
@@
 get_user_pages_remote(args)

@comments doc depends on gup@
@@
- get_user_pages
+ pin_user_pages

@comments rel depends on remote@
@@
- put_page
+ unpin_user_page
