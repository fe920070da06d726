@@
expression list args;
@@
- get_user_pages_fast(args)
+ pin_user_pages_fast(args)
