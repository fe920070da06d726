struct foo_state {
	int count;
	DECLARE_FOO_LIST(pending);
	spinlock_t lock;
};
