@gup@
expression list args;
@@
- get_user_pages(args)
+ pin_user_pages(args)

@gup@
expression P;
@@
- put_page(P)
+ unpin_user_page(P)
