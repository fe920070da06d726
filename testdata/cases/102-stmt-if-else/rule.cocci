/// An if/else that stores 1 or 0 stores the truth value directly.
@@
expression E, X;
@@
- if (E)
-	X = 1;
- else
-	X = 0;
+ X = !!(E);
