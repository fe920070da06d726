// Removing a list's last element, on a line after the comma before it,
// removes that comma and the element but keeps the line break between
// them (the `)` stays on its own line); on one line, the space goes too.
// spatch 1.1.1 prints the same.
@@
identifier fn, regs;
@@
fn (...,
-   struct pt_regs *regs,
    ...) {
  ...
}
