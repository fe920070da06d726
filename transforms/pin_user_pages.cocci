/// Pages that are obtained with get_user_pages*() and handed to hardware or
/// kept for a long time must be marked as pinned (FOLL_PIN), so that the
/// core kernel can tell a DMA-pinned page from one that merely holds a
/// reference and can avoid, for example, writing it back while the device
/// is still writing to it. Convert the get_user_pages*() calls whose pages
/// are released with the put_user_page*() family to the matching
/// pin_user_pages*() call, which sets FOLL_PIN; the arguments, including
/// any FOLL_LONGTERM flag, stay as they are.
//
// A call is converted only when the array (or page) it fills is the one a
// put_user_page*() or unpin_user_page*() call in the same file releases:
// the same expression, its address, the expression plus an offset, or the
// address of one of its elements.

@rel@
expression A, I;
@@
(
put_user_pages(A, ...)
|
put_user_pages_dirty_lock(A, ...)
|
unpin_user_pages(A, ...)
|
unpin_user_pages_dirty_lock(A, ...)
|
put_user_page(A[I])
|
unpin_user_page(A[I])
|
put_user_page(A)
|
unpin_user_page(A)
)

@pin@
expression rel.A;
expression E;
@@
(
- get_user_pages_fast_only
+ pin_user_pages_fast_only
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
|
- get_user_pages_fast
+ pin_user_pages_fast
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
|
- get_user_pages_remote
+ pin_user_pages_remote
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
|
- get_user_pages_unlocked
+ pin_user_pages_unlocked
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
|
- get_user_pages_locked
+ pin_user_pages_locked
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
|
- get_user_pages
+ pin_user_pages
  (..., \( A \| &A \| A + E \| &A[E] \), ...)
)
