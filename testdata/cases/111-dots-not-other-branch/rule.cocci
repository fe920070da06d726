/// A page released after mark_page_accessed() is released with put_user_page().
@@
expression P;
@@
  mark_page_accessed(P);
  ...
- put_page(P);
+ put_user_page(P);
