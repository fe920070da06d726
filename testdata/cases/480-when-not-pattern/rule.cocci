// `when != \(x = E2\|&x\)` with `x` a subterm of the lock: the code is a
// pattern, so `x` stands for a subexpression of `E1` and `E2` for any
// expression; it is not any tokens around a `=` or a `&` (which stopped
// the dots at every assignment and every address taken). spatch 1.1.1
// marks the same lines.
@locked@
expression E1;
@@
spin_lock(E1);

@r exists@
expression x <= locked.E1;
expression locked.E1;
expression E2;
@@
spin_lock(E1);
... when != E1
    when != \(x = E2\|&x\)
* spin_lock(E1);
