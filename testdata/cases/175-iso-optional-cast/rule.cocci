/// A cast to a type metavariable is optional (Coccinelle's drop_cast
/// isomorphism): `(T)x` matches `(void *)p` and a plain `q` alike.
@@
type T;
expression x;
@@
- kfree((T)x);
+ kvfree(x);
