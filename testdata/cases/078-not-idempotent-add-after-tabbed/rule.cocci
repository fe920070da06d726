/// Adds a line after context code: a second run adds it again, as
/// Coccinelle would.
@@
expression P;
@@
	unpin_user_page(P);
+	P = NULL;
