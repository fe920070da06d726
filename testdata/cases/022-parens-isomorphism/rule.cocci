/// Redundant parentheses in the source do not stop a match.
@@
expression P, N;
@@
- put_user_pages(P, N + 1)
+ unpin_user_pages(P, N + 1)

@@
expression A;
@@
- A << PAGE_SHIFT
+ A * PAGE_SIZE

