// Qualifiers are a set: 'const volatile' in the pattern matches them
// written in either order, before or after the type.
@@
identifier x;
@@
 const volatile
-int
+long
 x;
