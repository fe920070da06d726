// The type of an arithmetic expression comes from its operands' (as
// Coccinelle's lub): a pointer plus or minus an integer is a pointer, the
// difference of two pointers is not one, a comparison is an int, `-x` has
// x's type. spatch 1.1.1 also types `n + unknown` as `long`, from the one
// operand it knows; sempatch does not guess there (the other operand may
// be a wider type declared in a header) and leaves it.
@@
expression *E;
@@
- E == 0
+ E == NULL

@@
long L;
@@
- check(L)
+ check_long(L)

@@
int I;
@@
- test(I)
+ test_int(I)
