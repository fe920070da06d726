/// Parentheses in the source are code: `N + 1` does not match `(last + 1)`
/// (Coccinelle's `paren` isomorphism lets a pattern's `(E)` match `E`, not
/// the reverse; spatch 1.1.1 changes only the shifts here, as sempatch).
@@
expression P, N;
@@
- put_user_pages(P, N + 1)
+ unpin_user_pages(P, N + 1)

@@
expression A;
@@
- A << PAGE_SHIFT
+ A * PAGE_SIZE

