// With `disable optional_attributes`, a pattern that names no attribute
// matches no code that has one there (a declared attribute name or
// `__attribute__`): only the second ops table is renamed. Without it the
// attribute is optional, so the third rule renames the first table.
// spatch 1.1.1 gives the same.
@@
attribute name __ro_after_init;
identifier s, v;
@@
struct s v __ro_after_init = { ... };

@plain disable optional_attributes@
identifier s, v;
@@
struct s
- v
+ v_plain
  = { ... };

@@
identifier s, v;
@@
struct s
- v
+ v_any
  = { ... };
