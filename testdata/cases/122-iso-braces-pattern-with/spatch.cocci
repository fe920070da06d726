/// A pattern written with braces matches a single statement written without
/// them, and no braces are added.
@@
identifier i;
expression A, N;
@@
  for (i = 0; i < N; i++) {
-	put_page(A[i]);
+	put_user_page(A[i]);
  }
