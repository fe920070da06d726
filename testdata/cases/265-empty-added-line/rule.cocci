// An empty `+` line adds an empty line. Same output as spatch 1.1.1 but
// for one thing: for the second empty line spatch writes an empty line and
// then a line holding only a tab; sempatch writes the one empty line the
// semantic patch has, with no trailing white space.
@@
@@
	setup();
+
+	if (!ready)
+		return -EAGAIN;
+
+	start();
