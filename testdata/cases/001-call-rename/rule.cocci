/// Convert gup to pin.
@r@
expression E1, E2;
@@
- get_user_pages(E1, E2)
+ pin_user_pages(E1, E2)

@rename everywhere@
@@
(
- put_user_pages
+ unpin_user_pages
|
- put_user_page
+ unpin_user_page
)

@comments doc@
@@
- put_user_page
+ unpin_user_page
