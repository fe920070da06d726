// A field list metavariable stands for any run of fields (here each
// before a field the rule changes, of any length).
@@
identifier I;
field list[n] fs;
@@
struct stats { fs
- u32 I[2][2];
+ mat2x2 I;
  ...
};

@@
field list fs;
@@
struct ring {
  fs
+ spinlock_t lock;
};
