// A removal followed on its line by white space and more code takes the
// white space after it; the spacing before it stays as the source has it
// (`||  1 == x` less `1 ==` plus `== 1` after `x` is `||  x == 1`).
// spatch 1.1.1 prints the same.
@@
constant c;
expression e;
@@
(
- c ==
  e
+ == c
|
- c +
  e
)
