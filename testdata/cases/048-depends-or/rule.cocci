@gup@
expression list args;
@@
 get_user_pages(args)

@gup_fast@
expression list args;
@@
 get_user_pages_fast(args)

@depends on gup || gup_fast@
expression P;
@@
- put_page(P)
+ put_user_page(P)
