@@
expression A;
@@
- page_to_pfn(virt_to_page(A))
+ virt_to_pfn(A)
