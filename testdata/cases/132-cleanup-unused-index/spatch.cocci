/// The loop index goes with the loop when nothing else uses it.
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
