@@
type T;
expression N, GFP;
@@
- kmalloc(N * sizeof(T), GFP)
+ kmalloc_array(N, sizeof(T), GFP)
