// `f(..., +A, e, ...)`: where the leading dots take nothing, the added
// argument goes before `e`, not after it (the comma after the dots has no
// counterpart in the call then).
@@
symbol dev;
@@
 dma_map(...,
+	GFP_KERNEL,
	dev, ...)
