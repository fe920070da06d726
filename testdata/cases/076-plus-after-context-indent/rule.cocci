/// Added code after a context statement takes the statement's indentation.
@@
expression P;
@@
  put_user_page(P);
+ P = NULL;
