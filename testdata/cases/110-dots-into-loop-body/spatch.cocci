/// A page dirtied after the gup call is dirtied with the page lock taken.
@@
expression A, N, E1, E2, E3;
@@
  get_user_pages_fast(E1, N, E2, A);
  ...
- set_page_dirty(A[E3]);
+ set_page_dirty_lock(A[E3]);
