/// Redundant parentheses around a condition, an argument or a returned value
/// do not stop a statement from matching.
@@
expression P;
@@
(
- if (P)
-	kfree(P);
+ kfree(P);
|
- return PTR_ERR(P);
+ foo_clk_put(P);
+ return -EPROBE_DEFER;
)
