/// Writable long-term pins also get FOLL_LONGTERM; other calls are only renamed.
@@
expression E1, E2, E3, F;
@@
(
- get_user_pages(E1, E2, FOLL_WRITE, E3)
+ pin_user_pages(E1, E2, FOLL_WRITE | FOLL_LONGTERM, E3)
|
- get_user_pages(E1, E2, F, E3)
+ pin_user_pages(E1, E2, F, E3)
)
