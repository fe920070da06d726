// A field list standing alone on its line, followed by a field: the
// list binds the fields before it (any number, counted by n).
@@
identifier s, x;
field list[n] fs;
@@
struct s {
  fs
- unsigned int x;
+ u32 x;
  ...
};

