@has_pin@
expression list args;
@@
 pin_user_pages(args)

@has_put@
expression P;
@@
 put_page(P)

@depends on has_pin && has_put@
expression P;
@@
- put_page(P)
+ unpin_user_page(P)
