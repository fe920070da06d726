// A field whose bit width changes is printed anew, whole, as spatch
// prints a declaration with a bit width: `u8 reset:2;`, the `:` against
// the name and the width (not the source's `reset :1` with a new width);
// a conditional's `:` keeps its spaces. spatch 1.1.1 prints the same.
@@
identifier f;
@@
struct ctrl_regs {
  ...
- u8 f : 1;
+ u8 f : 2;
  ...
};

@@
expression R;
@@
- return R->irq;
+ return R->irq ? a : b;
