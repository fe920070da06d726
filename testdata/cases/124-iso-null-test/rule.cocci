/// x == NULL in a pattern also matches !x, and x != NULL matches a bare x,
/// in the condition of an if.
@@
expression P;
@@
(
  if (P == NULL)
-	return -ENOMEM;
+	goto out_nomem;
|
- if (P != NULL)
-	put_page(P);
+ put_page_if_any(P);
)
