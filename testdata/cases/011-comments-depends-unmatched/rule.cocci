@gup@
expression E1, E2, E3, E4;
@@
- get_user_pages(E1, E2, E3, E4)
+ pin_user_pages(E1, E2, E3, E4)

@comments doc depends on gup@
@@
- get_user_pages
+ pin_user_pages
