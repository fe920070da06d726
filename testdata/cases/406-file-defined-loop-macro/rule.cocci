// `slots_loop(i)` is defined in the file as a loop head: the line
// after it is the loop's body, not the right operand of a product.
@@
expression E1, E2;
@@
- E1 * E2
+ mul(E1, E2)

@@
expression E;
@@
- *slot_ptr(E) = 0;
+ clear_slot(E);
