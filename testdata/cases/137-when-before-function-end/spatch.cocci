/// In a function-definition pattern, `when != i` on the dots before the
/// closing brace holds up to the end of the function: a loop whose index is
/// read afterwards is left alone.
@@
identifier fn, i, A;
type T;
expression N;
@@
T fn(..., struct page **A, ...)
{
  ...
- for (i = 0; i < N; i++)
-	put_page(A[i]);
+ release_pages(A, N);
  ... when != i
}
