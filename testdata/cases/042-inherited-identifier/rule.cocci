/// Pages that were pinned with pin_user_pages() must be released with
/// unpin_user_page(), not put_page().
@pinned@
expression E1, E2, E3;
identifier arr;
@@
 pin_user_pages(E1, E2, E3, arr)

@depends on pinned@
identifier pinned.arr;
expression I;
@@
- put_page(arr[I])
+ unpin_user_page(arr[I])
