@gup@
expression list args;
@@
- get_user_pages(args)
+ pin_user_pages(args)

@depends on gup && pinned@
expression P;
@@
- put_page(P)
+ unpin_user_page(P)
