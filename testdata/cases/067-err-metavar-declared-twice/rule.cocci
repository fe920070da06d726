@@
expression P;
identifier fn, P;
@@
- fn(P)
+ unpin_user_page(P)
