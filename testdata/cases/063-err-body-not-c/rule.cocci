@@
expression P, N;
@@
- put_user_pages(P, N
+ unpin_user_pages(P, N)
