// A braced initialiser in added lines is laid out as spatch prints it: in
// a declaration one element a line, one level deeper; as an element of an
// initialiser, its elements together on one line one level deeper, the
// `}` as deep as the line (one level deeper after a last designated
// element without a comma). spatch 1.1.1 prints the same.
@@
identifier I;
expression E;
@@

struct platform_driver I = {
- 	.name = E,
	...,
+	.driver = { .name = E, .owner = THIS_MODULE, },
+	.id = { 0 },
+	.pm = { .suspend = foo_suspend },
};

@@
@@
  foo_init();
+ struct resource res = { .start = 0, .end = 15, .flags = IORESOURCE_MEM, };
