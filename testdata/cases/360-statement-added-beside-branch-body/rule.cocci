// A statement added after every statement, branch bodies included: one
// added after an `if` body goes inside the braces the body then needs, one
// added after the whole `if` after them (the two land at one place); a body
// on the head's line moves to a line of its own, one level deeper, as in
// spatch 1.1.1.
@@
statement S;
@@
  S
+ trace_stmt();
