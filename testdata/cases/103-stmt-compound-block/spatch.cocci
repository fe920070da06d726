/// A conditional block that dirties and drops one page becomes one call.
@@
expression E, P;
@@
- if (E) {
-	set_page_dirty_lock(P);
-	put_page(P);
- }
+ put_user_pages_dirty_lock(&P, 1, E);
