// GCC's old minimum and maximum operators (`<?`, `>?`, `<?=`, `>?=`) are
// read in code and in patterns, each matching itself only (not a shift
// nor the other). spatch 1.1.1 rewrites both `>?` forms and leaves
// `lo >> 1` and the `<?`.
@@
expression x, y;
@@
- x >?= y;
+ x = max(x, y);

@@
expression x, y;
@@
- x >? y
+ max(x, y)
