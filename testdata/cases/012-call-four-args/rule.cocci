@@
expression start, nr, flags, pages;
@@
- get_user_pages(start, nr, flags, pages)
+ pin_user_pages(start, nr, flags, pages)
