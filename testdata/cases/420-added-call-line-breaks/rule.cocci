// spatch breaks a line that added code made too long after the last comma
// of the outermost argument list that still fits (a comma past column 78
// breaks), the next line aligned under the open parenthesis; arguments the
// SmPL spreads over several + lines are printed on one line first.
@@
expression priv, buf, len;
@@
- foo_map_single(priv,
+ dma_map_single_attrs(
+	&priv->pdev->dev,
  buf, len,
+ DMA_ATTR_SKIP_CPU_SYNC,
  FOO_TO_DEVICE)
