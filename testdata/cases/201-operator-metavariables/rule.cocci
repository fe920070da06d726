// Operator metavariables bind the operator of a binary expression or an
// assignment; a set after `=` says which ones.
@@
binary operator cmp = {<, <=};
expression E;
identifier i;
@@
- i cmp E - 1
+ i cmp E

@@
assignment operator op;
expression X, Y;
@@
- X op (Y);
+ X op Y;
