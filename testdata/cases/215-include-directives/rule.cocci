// `#include` lines are code: `<linux/...>` matches any path under
// linux/, and a line added after an include pattern goes once, after the
// last include it matches that is not under `#if` (spatch agrees).
@@
@@
  #include <linux/...>
+ #include <linux/slab.h>

@@
@@
- #include <asm/old_io.h>
