// Braces the added code opens after an `if` head go at the end of the
// head's line (a head over two lines too), the added lines inside as deep
// as the body, and the added `}` as deep as the head, as spatch 1.1.1
// prints them (before, the `{` went on a line of its own and the `}` as
// deep as the body).
@@
expression E;
statement S;
@@
 if (E == NULL)
+{
+ pr_debug("missing\n");
  S
+}
