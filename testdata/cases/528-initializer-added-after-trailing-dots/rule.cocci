// Dots that end a designated-initialiser pattern stand for the elements
// after those the pattern takes: an element added after them goes after
// the list's last element, and that element gets the comma it lacked.
// spatch 1.1.1 moves `.name` to the end as `.driver_name` in both.
@@
identifier I;
expression E;
@@

struct platform_driver I = {
- 	.name = E,
	...,
+	.driver_name = E,
};
