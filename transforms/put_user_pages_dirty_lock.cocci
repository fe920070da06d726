/// Pages that were obtained with get_user_pages*() must be released with the
/// put_user_page*() family rather than with put_page(), so that the release
/// can later be told apart from an ordinary reference drop when such pages
/// are tracked as DMA-pinned. Replace the open-coded loops that dirty and
/// release a whole array of such pages with one call to
/// put_user_pages_dirty_lock() or put_user_pages(), release_pages() on such
/// an array with put_user_pages(), and a single put_page() of such a page
/// with put_user_page().
//
// A release is converted only when its pages came from get_user_pages*():
//  - local: a get_user_pages*() call earlier in the same function fills the
//    same array (the array itself, an offset into it, or &array[k]);
//  - field: a get_user_pages*() call anywhere in the file fills a structure
//    field of the same name (vsg->pages filled in one function, released in
//    another);
//  - parameter: a release helper whose `struct page **` parameter has the
//    name of an array a get_user_pages*() call in the file fills (goldfish's
//    release_user_pages(pages, ...) next to get_user_pages_fast(..., pages)).
// Loops whose index is still used afterwards are left alone, and an index
// that no longer has any use is removed at the end.

// --- which fields get_user_pages*() fills in this file --------------------

@gup_field@
expression X, E, E1, E2, E3, E4, E5, E6, E7;
identifier F;
@@
(
get_user_pages(E1, E2, E3, \( X->F + E \| &X->F[E] \| X->F \), E4)
|
get_user_pages_fast(E1, E2, E3, \( X->F + E \| &X->F[E] \| X->F \))
|
get_user_pages_fast_only(E1, E2, E3, \( X->F + E \| &X->F[E] \| X->F \))
|
__get_user_pages_fast(E1, E2, E3, \( X->F + E \| &X->F[E] \| X->F \))
|
get_user_pages_locked(E1, E2, E3, \( X->F + E \| &X->F[E] \| X->F \), E4)
|
get_user_pages_unlocked(E1, E2, \( X->F + E \| &X->F[E] \| X->F \), E3)
|
get_user_pages_remote(E1, E2, E3, E4, E5, \( X->F + E \| &X->F[E] \| X->F \), E6, E7)
|
get_user_pages_remote(E1, E2, E3, E4, \( X->F + E \| &X->F[E] \| X->F \), E5, E6)
)

@gup_ident@
identifier A;
expression E, E1, E2, E3, E4, E5, E6, E7;
@@
(
get_user_pages(E1, E2, E3, \( A + E \| &A[E] \| A \), E4)
|
get_user_pages_fast(E1, E2, E3, \( A + E \| &A[E] \| A \))
|
get_user_pages_fast_only(E1, E2, E3, \( A + E \| &A[E] \| A \))
|
__get_user_pages_fast(E1, E2, E3, \( A + E \| &A[E] \| A \))
|
get_user_pages_locked(E1, E2, E3, \( A + E \| &A[E] \| A \), E4)
|
get_user_pages_unlocked(E1, E2, \( A + E \| &A[E] \| A \), E3)
|
get_user_pages_remote(E1, E2, E3, E4, E5, \( A + E \| &A[E] \| A \), E6, E7)
|
get_user_pages_remote(E1, E2, E3, E4, \( A + E \| &A[E] \| A \), E5, E6)
)

// --- loops that always dirty and release (before the conditional ones, whose
// `if (D)` would take `if (!PageReserved(A[i]))` with D naming the index) ---------------------------------

@always_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
|
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
)
-	put_page(A[i]);
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(A, N, true);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@always_field depends on gup_field@
identifier gup_field.F;
expression X, N, E1, E2, E3;
identifier i;
statement S;
@@
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
|
-	if (!PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
)
-	put_page(X->F[i]);
(
-	X->F[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(X->F, N, true);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

// --- loops that dirty (under a condition) and release ---------------------

@dirty_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, D, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	if (D && !PageReserved(A[i]))
|
-	if (D)
)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(A, N, D);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@dirty_field depends on gup_field@
identifier gup_field.F;
expression X, N, D, E1, E2, E3;
identifier i;
statement S;
@@
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	if (D && !PageReserved(X->F[i]))
|
-	if (D)
)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
(
-	X->F[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(X->F, N, D);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

// --- loops that only release ----------------------------------------------

@plain_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	put_page(A[i]);
|
-	if (A[i])
-		put_page(A[i]);
)
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages(A, N);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@plain_field depends on gup_field@
identifier gup_field.F;
expression X, N, E1, E2, E3;
identifier i;
statement S;
@@
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	put_page(X->F[i]);
|
-	if (X->F[i])
-		put_page(X->F[i]);
)
(
-	X->F[i] = NULL;
|
)
- }
+ put_user_pages(X->F, N);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

// --- loops that read the element into a local first -----------------------

@elem_dirty_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, D, E, E1, E2, E3;
identifier i, pg;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
- for (i = 0; i < N; i++) {
-	struct page *pg = A[i];
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(pg);
-	put_page(pg);
- }
+ put_user_pages_dirty_lock(A, N, D);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@elem_always_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i, pg;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
- for (i = 0; i < N; i++) {
-	struct page *pg = A[i];
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(pg);
-	put_page(pg);
- }
+ put_user_pages_dirty_lock(A, N, true);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@elem_plain_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i, pg;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
- for (i = 0; i < N; i++) {
-	struct page *pg = A[i];
-	put_page(pg);
- }
+ put_user_pages(A, N);
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

// --- release helpers handed a gup'd array -------------------------------------

@dirty_param depends on gup_ident@
identifier gup_ident.A;
identifier fn, i;
type T;
expression N, D;
@@
T fn(..., struct page **A, ...)
{
  ...
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	if (D && !PageReserved(A[i]))
|
-	if (D)
)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(A, N, D);
  ... when != i
}

@always_param depends on gup_ident@
identifier gup_ident.A;
identifier fn, i;
type T;
expression N;
@@
T fn(..., struct page **A, ...)
{
  ...
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
|
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
)
-	put_page(A[i]);
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages_dirty_lock(A, N, true);
  ... when != i
}

@plain_param depends on gup_ident@
identifier gup_ident.A;
identifier fn, i;
type T;
expression N;
@@
T fn(..., struct page **A, ...)
{
  ...
(
- for (i = 0; i < N; i++) {
|
- for (i = N - 1; i >= 0; i--) {
)
(
-	put_page(A[i]);
|
-	if (A[i])
-		put_page(A[i]);
)
(
-	A[i] = NULL;
|
)
- }
+ put_user_pages(A, N);
  ... when != i
}

// --- release_pages() and single pages --------------------------------------

@release_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
- release_pages(A, N);
+ put_user_pages(A, N);

@release_field depends on gup_field@
identifier gup_field.F;
expression X, N;
@@
- release_pages(X->F, N);
+ put_user_pages(X->F, N);

@single_local exists@
identifier gup =~ "^(__)?get_user_pages";
expression P;
@@
  <+... gup(..., &P, ...) ...+>
- put_page(P);
+ put_user_page(P);

// --- loop indices that no longer have any use ------------------------------

@unused_index_dirty_local depends on dirty_local@
identifier dirty_local.i;
type T;
@@
- T i;
  ... when != i

@unused_index_dirty_field depends on dirty_field@
identifier dirty_field.i;
type T;
@@
- T i;
  ... when != i

@unused_index_always_local depends on always_local@
identifier always_local.i;
type T;
@@
- T i;
  ... when != i

@unused_index_always_field depends on always_field@
identifier always_field.i;
type T;
@@
- T i;
  ... when != i

@unused_index_plain_local depends on plain_local@
identifier plain_local.i;
type T;
@@
- T i;
  ... when != i

@unused_index_plain_field depends on plain_field@
identifier plain_field.i;
type T;
@@
- T i;
  ... when != i

@unused_index_dirty_param depends on dirty_param@
identifier dirty_param.i;
type T;
@@
- T i;
  ... when != i

@unused_index_always_param depends on always_param@
identifier always_param.i;
type T;
@@
- T i;
  ... when != i

@unused_index_plain_param depends on plain_param@
identifier plain_param.i;
type T;
@@
- T i;
  ... when != i

@unused_index_elem_dirty_local depends on elem_dirty_local@
identifier elem_dirty_local.i;
type T;
@@
- T i;
  ... when != i

@unused_index_elem_plain_local depends on elem_plain_local@
identifier elem_plain_local.i;
type T;
@@
- T i;
  ... when != i

@unused_index_elem_always_local depends on elem_always_local@
identifier elem_always_local.i;
type T;
@@
- T i;
  ... when != i
