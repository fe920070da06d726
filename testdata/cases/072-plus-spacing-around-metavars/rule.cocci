@@
expression A, B;
@@
- A * PAGE_SIZE + B
+ page_offset_add(A, B)
