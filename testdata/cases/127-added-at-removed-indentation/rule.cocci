/// Added statements take the indentation of the statements they replace,
/// however deep.
@@
expression P;
@@
- set_page_dirty(P);
- put_page(P);
+ if (!PageReserved(P))
+	set_page_dirty_lock(P);
+ put_user_page(P);
