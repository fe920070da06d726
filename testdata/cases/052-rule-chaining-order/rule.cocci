/// The second rule sees the first rule's output.
@gup@
expression E1, E2, E3, E4;
@@
- get_user_pages(E1, E2, E3, E4)
+ pin_user_pages(E1, E2, E3, E4)

@longterm@
expression E1, E2, E4;
@@
  pin_user_pages(E1, E2,
- FOLL_WRITE
+ FOLL_WRITE | FOLL_LONGTERM
  , E4)
