@@
expression P;
@@
* put_user_page(P);
+ unpin_user_page(P);
