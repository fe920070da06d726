// Code added before every statement: before the `if`'s block body too,
// which gets braces of its own; the block goes to a line of its own one
// level deeper, its inside (with the code added there by other matches)
// and its `}` as well. spatch 1.1.1 prints the same.
@@
statement S;
@@
+ cond_resched();
  S
