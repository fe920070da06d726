@pinned@
expression E1, E2, E3;
identifier arr;
@@
 pin_user_pages_fast(E1, E2, E3, arr)

@depends on pinned@
identifier pinned.arr;
expression N;
@@
- release_pages(arr, N)
+ unpin_user_pages(arr, N)
