/// Every put_page() of a page after a successful get_user_pages_fast() of
/// it becomes put_user_page(), not just the first one on each path.
@@
expression P, E1, E2;
@@
  get_user_pages_fast(E1, 1, E2, &P);
  ... when any
- put_page(P);
+ put_user_page(P);
