// A position on an #include directive (`#include <...>@p`) binds where the
// directive is; a later rule adds code before the one it names.
@first@
position p;
@@
#include <...>@p

@script:python@
p << first.p;
@@
print("system header on line %s" % p[0].line)

@depends on first@
position first.p;
@@
+#include <linux/slab.h>
 #include <...>@p
