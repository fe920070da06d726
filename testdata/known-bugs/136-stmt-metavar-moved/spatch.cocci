/// A negated condition with an else branch is turned around: the two
/// statements swap places, whatever their shape.
@@
expression E;
statement S1, S2;
@@
- if (!foo_is_ready(E))
-	S1
- else
-	S2
+ if (foo_is_ready(E))
+	S2
+ else
+	S1
