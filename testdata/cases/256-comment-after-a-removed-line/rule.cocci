// A comment after removed code on its line goes with it. Same as spatch
// 1.3.1 (Coccinelle's test commentend); spatch 1.1.1 moves the comment to
// the end of the line before.
@@
@@
- bar();
