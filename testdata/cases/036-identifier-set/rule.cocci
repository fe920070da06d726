@@
identifier rel = {put_page, put_user_page};
expression P;
@@
- rel(P);
+ unpin_user_page(P);
