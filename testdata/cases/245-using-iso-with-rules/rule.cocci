// An isomorphism file's Expression entries are applied: `(T)(E) => (T)E`
// lets a pattern written `(T)(E)` match `(T)E`. This rule writes the
// cast without parentheses, so the entry adds nothing here and both calls
// are rewritten as without the file (the second keeps its parentheses,
// bound in E). spatch 1.1.1 gives the same.
@r using "cast.iso"@
expression E;
@@
- free((void *)E);
+ kfree(E);
