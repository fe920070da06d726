// A braced list added as an element of an initializer is printed as
// spatch prints it: the `{` ends its line, the elements go on the next
// line one level deeper (a designator after a comma spaced from it), the
// `}` on a line of its own at the `{`'s level, nested lists alike; an
// empty list stays `{}`. spatch 1.1.1 prints the same.
@@
identifier drv;
expression N;
@@
struct platform_driver drv = {
-	.name = N,
+	.driver = { .name = N, .owner = THIS_MODULE, .pm = { 1, 2 }, },
+	.id_table = {},
};
