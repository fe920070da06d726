struct dma_desc {
	void *buf;
	unsigned int len;
	struct list_head node;
	unsigned int flags;
};
