/// The parentheses of `if (…)` are the statement's; more parentheses are
/// code: `P` binds `(fdev->buf)` in `if ((fdev->buf))`, which then matches
/// `kfree((fdev->buf))`, while `fdev->ring` is not `(fdev->ring)` and
/// `return (PTR_ERR(…));` is not `return PTR_ERR(…);` (as spatch 1.1.1).
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
