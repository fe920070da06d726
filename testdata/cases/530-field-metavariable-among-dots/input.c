struct item {
	int id;
	struct list_head node;
	unsigned long flags;
};
