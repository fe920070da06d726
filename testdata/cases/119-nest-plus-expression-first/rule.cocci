/// release_pages() on an array that get_user_pages_fast() filled earlier in
/// the function becomes put_user_pages(); the gup call can sit anywhere in a
/// statement (an assignment, an if condition).
@@
expression A, N;
@@
  <+... get_user_pages_fast(..., A) ...+>
- release_pages(A, N);
+ put_user_pages(A, N);
