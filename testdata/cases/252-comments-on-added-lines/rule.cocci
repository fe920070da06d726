// Comments written on `+` lines are added with the code: on lines of
// their own, indented as the code they come before; after code on its
// line, a block comment against the code before it, a `//` comment with
// the space written before it; code after a comment that starts its
// line goes on the next line. Same as spatch 1.1.1.
@@
@@
 foo(1);
+/* c1 */
+x = 1; // c2
+y = 2; /* c3 */ z = 3;
+/* a */ w = 1;
+int /* t */ *p;

@@
identifier f;
@@
+// before f
 f(...) {
 ...
 }

@@
@@
- bar(2);
+ bar(5); /* was 2 */
