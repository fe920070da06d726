// A typed metavariable of a bit-field type: `unsigned int:1 x;` matches
// fields declared `unsigned int f:1;` only, and `T:w x;` binds the width
// to `w` (declared by naming it there). spatch 1.1.1 prints `h -> mode 3`
// and changes `test_bit(h->busy)` only.
@r@
type T;
T:w x;
@@
read_bits(x)

@script:python@
w << r.w;
x << r.x;
@@
print(x, w)

@@
unsigned int:1 x;
@@
- test_bit(x)
+ x
