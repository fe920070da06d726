/// A removed loop that was the whole body of an if or of another loop,
/// replaced by three statements: the body gets braces.
@@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);
+ N = 0;
+ foo_done();
