// Typed metavariables match code whose type the file tells: a local, a
// parameter, a global, a field of a struct defined here, a cast. Where the
// type is not known here (`q`, from a header), nothing matches.
@@
struct page *p;
@@
- put_page(p);
+ put_user_page(p);

@@
type T;
T *dst;
expression n;
@@
- memset(dst, 0, n * sizeof(T));
+ memset(dst, 0, array_size(n, sizeof(T)));

@@
expression *E;
@@
- E == 0
+ E == NULL

@@
local idexpression int i;
@@
- i = i + 1;
+ i++;
