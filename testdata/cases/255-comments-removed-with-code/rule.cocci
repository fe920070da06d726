// Comments go with removed code: those between two removals, and those
// on lines of their own right above removed lines that a blank line, a
// `}` or a comment follows. A comment above removed lines that code
// follows stays, as do comments after them. Same as spatch 1.1.1.
@@
expression E;
@@
- foo(E);
