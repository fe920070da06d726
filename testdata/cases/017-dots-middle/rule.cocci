/// Whatever sits between the mm and the pages, the remote variant becomes
/// the pinning one when the result goes into a pinned array.
@@
expression MM, P;
@@
- get_user_pages_remote(MM, ..., P)
+ pin_user_pages_remote(MM, ..., P)
