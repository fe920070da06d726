/// The loop step i++ also matches ++i, i += 1 and i = i + 1.
@@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);
