@has_pin@
expression list args;
@@
 pin_user_pages(args)

@has_put@
expression P;
@@
 put_page(P)

@depends on has_pin && has_put@
@@
- get_page
+ try_grab_page
