// `...` among a struct's fields stands for fields, among an enum's
// constants for constants; `struct s { ... }` may leave out its `;`, and
// `- struct s { ... };` removes the whole definition (spatch agrees, but
// leaves an empty line where the definition was).
@@
@@
struct foo_dev {
  ...
  struct mutex lock;
+ refcount_t users;
  ...
};

@@
@@
enum foo_state {
  ...,
- FOO_STATE_LEGACY,
  ...
};

@@
@@
- struct foo_old_regs { ... };
