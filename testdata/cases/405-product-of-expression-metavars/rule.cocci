// `E1 * E2` alone reads as a declaration to a C parser; with E1 an
// expression metavariable it can only be a product.
@@
expression E1, E2;
@@
- E1 * E2
+ mul(E1, E2)
