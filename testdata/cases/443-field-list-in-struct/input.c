struct stats {
	u32 rx[2][2];
	u32 count;
	u32 tx[2][2];
	u32 drops[4];
};

struct ring {
	void *base;
	unsigned int head;
};
