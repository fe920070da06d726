@@
expression A, B;
@@
- min(A, B)
+ min_t(unsigned long, A, B)
