@@
expression P;
@@
(
- put_page(P)
+ unpin_user_page(P)
)
