/// A statement that throws away the result of atomic_dec_and_test() only
/// needs atomic_dec().
@@
expression V;
@@
- atomic_dec_and_test(V);
+ atomic_dec(V);
