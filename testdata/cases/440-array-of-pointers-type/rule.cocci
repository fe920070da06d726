// `char *names[]` is an array of pointers (`char *[]`), `char (*grid)[4]`
// a pointer to an array; a pointer type does not match an array (spatch
// 1.1.1 lets neither `char **E` nor `expression *E` match `names`).
@@
type T;
T[] E;
@@
- sizeof(E) / sizeof(T)
+ ARRAY_SIZE(E)

@@
char **P;
@@
- kfree(P)
+ kfree_strv(P)

@@
expression *E;
@@
- put(E)
+ put_ptr(E)
