// Attributes in patterns (same output as spatch 1.1.1): a name declared
// with `attribute name` may take arguments, compared token for token
// (`...` among them stands for any); where the pattern has attributes the
// code must have just those, so `section("exit") int f1`, the `f2` with
// `cold` too, the `int f2()` and `int c` without one are left; `attribute
// a` binds whichever one attribute stands there.
@@
attribute name cold, section;
@@
 section("init")
-int
+long
 f1(...) { ... }

@@
attribute name cold, section;
@@
 section(...)
-int
+short
 f2(...) { ... }

@@
attribute name cold, packed;
attribute a;
identifier x;
expression E;
@@
-int
+long
 x a = E;
