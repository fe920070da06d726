// A parameter pattern naming an attribute (`y __nocast`) among `...`
// matches only parameters that have it, the last one of the list too
// (its `,` is matched before it and says nothing of where the attribute
// must be).
@@
type T1, T2;
attribute name __nocast;
identifier x, y;
@@
T1 x(
	...,
-	T2
+	long
	y __nocast,
	...
   ) {...}
