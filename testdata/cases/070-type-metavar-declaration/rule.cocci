/// This path may sleep: allocate with GFP_KERNEL.
@@
type T;
identifier v;
expression E;
@@
(
- T *v = kmalloc(E, GFP_ATOMIC);
+ T *v = kmalloc(E, GFP_KERNEL);
|
- T v = kmalloc(E, GFP_ATOMIC);
+ T v = kmalloc(E, GFP_KERNEL);
)
