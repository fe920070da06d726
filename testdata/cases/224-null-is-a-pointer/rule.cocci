// `NULL` is a pointer (of type `void *`): `expression *E` binds it, a
// metavariable of another pointer type does not (spatch agrees).
@@
expression *E;
@@
- foo_put(E)
+ foo_put_ptr(E)

@@
struct page *p;
@@
- page_put(p)
+ put_page(p)
