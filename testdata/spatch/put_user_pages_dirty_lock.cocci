// Pure-Coccinelle translation of transforms/put_user_pages_dirty_lock.cocci
// (generated; each loop shape spelled out as a whole statement, since
// spatch rejects disjunctions of incomplete statements).
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

@dirty_local@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, D, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
)
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
-	if (D && !PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D && !PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, D);
)
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@always_local@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
)
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
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = 0; i < N; i++) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
- }
+ put_user_pages_dirty_lock(X->F, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(X->F[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(X->F[i]);
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages_dirty_lock(X->F, N, true);
)
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

@plain_local@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E, E1, E2, E3;
identifier i;
statement S;
@@
  <+... gup(..., \( A + E \| &A[E] \| A \), ...) ...+>
(
- for (i = 0; i < N; i++) {
-	put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	if (A[i])
-		put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	if (A[i])
-		put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (A[i])
-		put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (A[i])
-		put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
)
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
-	put_page(X->F[i]);
- }
+ put_user_pages(X->F, N);
|
- for (i = 0; i < N; i++) {
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages(X->F, N);
|
- for (i = 0; i < N; i++) {
-	if (X->F[i])
-		put_page(X->F[i]);
- }
+ put_user_pages(X->F, N);
|
- for (i = 0; i < N; i++) {
-	if (X->F[i])
-		put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages(X->F, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(X->F[i]);
- }
+ put_user_pages(X->F, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages(X->F, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (X->F[i])
-		put_page(X->F[i]);
- }
+ put_user_pages(X->F, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (X->F[i])
-		put_page(X->F[i]);
-	X->F[i] = NULL;
- }
+ put_user_pages(X->F, N);
)
(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)

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
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = 0; i < N; i++) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D && !PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, D);
|
- for (i = N - 1; i >= 0; i--) {
-	if (D)
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, D);
)
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
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = 0; i < N; i++) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
- }
+ put_user_pages_dirty_lock(A, N, true);
|
- for (i = N - 1; i >= 0; i--) {
-	if (!PageReserved(A[i]))
-		\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)(A[i]);
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages_dirty_lock(A, N, true);
)
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
-	put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	if (A[i])
-		put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = 0; i < N; i++) {
-	if (A[i])
-		put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (A[i])
-		put_page(A[i]);
- }
+ put_user_pages(A, N);
|
- for (i = N - 1; i >= 0; i--) {
-	if (A[i])
-		put_page(A[i]);
-	A[i] = NULL;
- }
+ put_user_pages(A, N);
)
  ... when != i
}

@release_local@
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

@single_local@
identifier gup =~ "^(__)?get_user_pages";
expression P;
@@
  <+... gup(..., &P, ...) ...+>
- put_page(P);
+ put_user_page(P);

@depends on dirty_local@
identifier dirty_local.i;
type T;
@@
- T i;
  ... when != i

@depends on dirty_field@
identifier dirty_field.i;
type T;
@@
- T i;
  ... when != i

@depends on always_local@
identifier always_local.i;
type T;
@@
- T i;
  ... when != i

@depends on always_field@
identifier always_field.i;
type T;
@@
- T i;
  ... when != i

@depends on plain_local@
identifier plain_local.i;
type T;
@@
- T i;
  ... when != i

@depends on plain_field@
identifier plain_field.i;
type T;
@@
- T i;
  ... when != i

@depends on dirty_param@
identifier dirty_param.i;
type T;
@@
- T i;
  ... when != i

@depends on always_param@
identifier always_param.i;
type T;
@@
- T i;
  ... when != i

@depends on plain_param@
identifier plain_param.i;
type T;
@@
- T i;
  ... when != i
