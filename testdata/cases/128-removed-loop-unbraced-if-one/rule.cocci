/// A removed loop that was the whole branch of an if is replaced by one
/// statement in the same place; the if stays without braces.
@@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);
