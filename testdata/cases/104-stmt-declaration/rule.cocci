/// Open-coded multiplications in kmalloc() become kmalloc_array().
@@
type T;
identifier x;
expression N, G;
@@
- T *x = kmalloc(N * sizeof(T), G);
+ T *x = kmalloc_array(N, sizeof(T), G);
