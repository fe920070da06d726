static int foo_xmit(struct foo_priv *priv, struct sk_buff *skb)
{
	dma_addr_t mapping;

	mapping = foo_map_single(priv, skb->data, skb_headlen(skb), FOO_TO_DEVICE);
	if (foo_mapping_error(priv, mapping))
		return -ENOMEM;
	priv->tx_map = foo_map_single(priv, priv->tx_buffer,
				      FOO_TX_BUFFER_SIZE,
				      FOO_TO_DEVICE);
	return 0;
}
