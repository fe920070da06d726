/// Redundant parentheses around a condition or a returned value do not stop
/// a statement from matching.
@@
expression P;
@@
(
- if (P)
-	kfree(P);
+ kfree(P);
|
- return PTR_ERR(P);
+ return PTR_ERR_OR_ZERO(P);
)
