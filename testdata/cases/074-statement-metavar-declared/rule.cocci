/// A declared but unused statement metavariable does not get in the way.
@@
statement S;
expression P;
@@
- put_user_page(P);
+ unpin_user_page(P);
