/// WARN_ON() conditions that can fire repeatedly warn only once; the guarded
/// statement, whatever its shape, is kept.
@@
expression E;
statement S;
@@
- if (WARN_ON(E))
+ if (WARN_ON_ONCE(E))
  S
