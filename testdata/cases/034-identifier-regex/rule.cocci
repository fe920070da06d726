/// mm: replace the old "write" int argument of the gup entry points with
/// FOLL_WRITE.
@@
identifier gup =~ "^(get|pin)_user_pages";
expression E1, E2, E4;
@@
- gup(E1, E2, 1, E4)
+ gup(E1, E2, FOLL_WRITE, E4)
