/// Without `when any` the dots stop at the first put_page() of the page on
/// each path: only that one becomes put_user_page(). A second run converts
/// the next one, as Coccinelle would.
@@
expression P, E1, E2;
@@
  get_user_pages_fast(E1, 1, E2, &P);
  ...
- put_page(P);
+ put_user_page(P);
