/// One statement becomes two: under an if without braces, braces are needed.
@@
expression P;
@@
- put_user_page(P);
+ unpin_user_page(P);
+ P = NULL;
