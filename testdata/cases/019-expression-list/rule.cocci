@@
expression list args;
@@
- __get_user_pages_fast(args)
+ get_user_pages_fast_only(args)
