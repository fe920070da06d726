// `E || ...` (and `E && ...`) matches an `||` chain with `E` among its
// operands, and a bare `E` only where C reads it as a truth value: the
// test of an `if` or a loop, of `?:`, an operand of `!`, `&&` or `||`;
// never `x = E;`, `return E;` or an argument (spatch 1.1.1 marks the same
// lines). `*` marks of overlapping matches (`a || b || c` and its
// `a || b`) are shown together.
@@
expression E;
@@
* E || ...
