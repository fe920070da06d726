/// The old helper took (pages, npages, dirty); the new one takes
/// (npages, pages, dirty).
@@
expression P, N, D;
@@
- release_user_pages(P, N, D)
+ release_user_pages(N, P, D)
