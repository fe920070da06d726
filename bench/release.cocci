// Coccinelle reference for transforms/put_user_pages_dirty_lock.cocci: the
// core release-loop rule (pages from get_user_pages*() in the same function).
@r exists@
expression A, N, E;
identifier i;
@@
  \( get_user_pages \| get_user_pages_fast \| get_user_pages_remote \)(..., A, ...);
  ...
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ put_user_pages(A, N);
