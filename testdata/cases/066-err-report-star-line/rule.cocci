@@
expression P;
@@
* put_user_page(P)
