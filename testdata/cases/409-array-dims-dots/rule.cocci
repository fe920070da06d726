// `[...]` in a field stands for any one array dimension: `T x[...][...];`
// is any array field of two dimensions (and no other).
@@
identifier s, x;
@@
struct s {
  ...
- u8 x[...][...];
  ...
};
