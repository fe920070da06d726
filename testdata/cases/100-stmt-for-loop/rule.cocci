/// An open-coded loop that clears an array becomes memset().
@@
identifier i;
expression A, N;
@@
- for (i = 0; i < N; i++)
-	A[i] = 0;
+ memset(A, 0, N * sizeof(*A));
