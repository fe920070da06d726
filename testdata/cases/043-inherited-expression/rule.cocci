@r@
expression A, N, F, P;
@@
 pin_user_pages_fast(A, N, F, P)

@@
expression r.P;
expression N;
@@
- release_pages(P, N)
+ unpin_user_pages(P, N)
