// Metavariables attached to a commutative operator (`SZ +@E@S 4`) are
// bound wherever the operation matches, turned around too: E is the sum
// and S the statement holding it. spatch 1.1.1 rewrites the same two
// places.
@r@
expression E;
statement S;
@@
reserve(SZ +@E@S 4);

@@
expression r.E;
@@
- account(E)
+ account_bytes(E)

@@
expression x;
statement r.S;
@@
- if
+ while
  (x) S
