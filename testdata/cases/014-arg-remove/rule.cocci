/// mm/gup: remove the unused vmas parameter of get_user_pages().
@@
expression E1, E2, E3, E4;
@@
- get_user_pages(E1, E2, E3, E4, NULL)
+ get_user_pages(E1, E2, E3, E4)
