/// From `int ret, i;` only the unused index goes.
@loop@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);

@depends on loop@
identifier loop.i;
type T;
@@
- T i;
  ... when != i
