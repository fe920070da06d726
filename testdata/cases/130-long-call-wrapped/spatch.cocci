/// An added call that does not fit in 80 columns is wrapped, continuation
/// lines aligned under the open parenthesis.
@@
identifier i;
expression A, N, D;
@@
- for (i = 0; i < N; i++) {
-	if (D)
-		set_page_dirty_lock(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
