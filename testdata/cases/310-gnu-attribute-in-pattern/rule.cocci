// `__attribute__((...))` written in a pattern must be in the code there,
// as a declared attribute name must: only the parameter that has it is
// retyped.
@@
type T1, T2;
identifier x, y;
@@
T1 x(
	...,
-	T2
+	long
	y __attribute__((unused)),
	...
   ) {...}
