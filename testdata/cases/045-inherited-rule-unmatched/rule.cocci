@pinned@
expression E1, E2, E3;
identifier arr;
@@
 pin_user_pages(E1, E2, E3, arr)

@@
identifier pinned.arr;
expression I;
@@
- put_page(arr[I])
+ unpin_user_page(arr[I])
