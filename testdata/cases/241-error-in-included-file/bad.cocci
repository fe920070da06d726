@broken@
expression E;
@@
- foo(E
