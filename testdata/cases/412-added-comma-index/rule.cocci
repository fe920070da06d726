// Added code may index with a comma expression (`m[r, c]` is C, though
// tree-sitter-c does not read it); it is copied as written.
@@
expression M, R, C;
@@
- M[R][C]
+ M[R, C]
