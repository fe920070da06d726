/// Fixed-size pins only: the page count is a literal or a macro.
@@
constant C;
expression E1, E2, E3;
@@
- get_user_pages(E1, C, E2, E3)
+ pin_user_pages(E1, C, E2, E3)
