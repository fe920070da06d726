/// lock_page(); set_page_dirty(); unlock_page(); is set_page_dirty_lock().
@@
expression P;
@@
- lock_page(P);
- set_page_dirty(P);
- unlock_page(P);
+ set_page_dirty_lock(P);
