@r@
expression E1, E2, E3, P;
@@
 pin_user_pages(E1, E2, E3, P)

@@
expression r.pages;
@@
- put_page(pages)
+ unpin_user_page(pages)
