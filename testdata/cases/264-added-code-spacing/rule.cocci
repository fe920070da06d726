// Added code is spaced as spatch prints it, whatever the spacing written in
// the semantic patch or in the code a metavariable brings: a space after a
// comma and around a binary operator, none after a unary one or inside
// parentheses; a metavariable's expression gets the parentheses where it
// lands needs (`E1*2` with `x-y` is `(x - y) * 2`). Same output as spatch
// 1.1.1 but for the last rule: added code put in place of part of an
// expression is parenthesised where C would read it otherwise; spatch gives
// `2 * y + 1 - y - 1 + 1`, which computes something else.
@@
expression E1, E2;
@@
- old_call(E1, E2);
+ new_call (E2,E1*2,!! E1);

@@
expression E;
@@
  E
+ == 0
  && ready

@@
expression E;
@@
- twice(E)
+ E + E
