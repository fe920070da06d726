// Three meanings sempatch got wrong: `...` in a block stops at the first
// statement the next element matches (so `S }` needs the statement after
// the dots to be the block's last: Coccinelle 1.3.1's own test `saft`;
// spatch 1.1.1 still removes the first lock_dev() here, wrongly); a
// `statement` metavariable never binds a declaration, so `... when != S1`
// passes them; a `static` local is not a `local idexpression` (spatch
// 1.1.1 agrees on these two).
@@
statement S;
@@
  {
- lock_dev();
  ...
  S
  }

@@
statement S, S1;
@@
  foo_init(...) {
  ... when != S1
+ trace_init();
  S
  ...
  }

@@
local idexpression x;
@@
- use(x)
+ use_local(x)
