// `...` in a field's parameter list stands for any parameters, as in a
// function's; the `...` lines around it stand for fields.
@@
identifier ops, fn;
type T;
@@
struct ops {
  ...
- T (*fn)(...);
  ...
};
