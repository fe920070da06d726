/// make_dirty is a bool: pass false, not 0, except to the *_locked helpers
/// that still take an int.
@@
identifier fn !~ "_locked$";
expression P, N;
@@
- fn(P, N, 0)
+ fn(P, N, false)
