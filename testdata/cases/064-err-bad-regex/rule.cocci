@@
identifier f =~ "^(get|pin_user_pages";
expression list args;
@@
- f(args)
+ pin_user_pages(args)
