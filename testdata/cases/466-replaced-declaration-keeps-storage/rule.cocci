// A declaration pattern without storage matches a `static` one; when the
// pattern replaces it, the `static` it did not match stays, when it only
// removes it, the `static` goes too (spatch's allminus).
@@
identifier x;
@@
- spinlock_t x;
+ struct mutex x;

@@
identifier x;
@@
- struct old_stats x;
