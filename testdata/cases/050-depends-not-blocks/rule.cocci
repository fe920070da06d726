/// Files that already use pin_user_pages() are converted elsewhere.
@pinned@
expression list args;
@@
 pin_user_pages(args)

@depends on !pinned@
expression list args;
@@
- get_user_pages(args)
+ pin_user_pages(args)
