// A declaration pattern of one name against a declaration of several: a
// match that removes it and adds code after it with `+` (not `++`), one
// that changes the shared type but keeps the name, or one that adds code
// after the shared `;`, is not applied: spatch 1.1.1 does not split the
// declaration for them (it does for single declarations). Code added
// before the declaration goes on a line of its own before it.
@@
symbol len;
@@
- int len;
+ size_t len;

@@
symbol count;
@@
- unsigned
+ unsigned long
  count;

@@
symbol flags;
@@
  long flags;
+ spinlock_t lock;

@@
identifier r = {ret};
@@
+ int err;
  int r;
