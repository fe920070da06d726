// Coccinelle reference for transforms/pin_user_pages.cocci: the gup -> pin
// rule where the pages are released with the put_user_page family.
@rel@
expression A;
@@
(
put_user_pages(A, ...)
|
put_user_pages_dirty_lock(A, ...)
|
put_user_page(A)
)

@@
expression rel.A;
@@
(
- get_user_pages
+ pin_user_pages
  (..., A, ...)
|
- get_user_pages_fast
+ pin_user_pages_fast
  (..., A, ...)
|
- get_user_pages_remote
+ pin_user_pages_remote
  (..., A, ...)
)
