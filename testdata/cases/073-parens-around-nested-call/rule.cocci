/// `virt_to_page(A)` does not match `(virt_to_page(...))`: parentheses in
/// the source are code (as spatch 1.1.1: only the first call changes).
@@
expression A;
@@
- page_to_pfn(virt_to_page(A))
+ virt_to_pfn(A)
