/// A removed loop that was the whole branch of an if, replaced by two
/// statements: the branch gets braces, and so do the other branches of the
/// same if/else chain.
@@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);
+ N = 0;
