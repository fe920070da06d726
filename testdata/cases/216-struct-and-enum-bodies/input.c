struct foo_old_regs {
	u32 ctrl;
	u32 status;
};

enum foo_state {
	FOO_STATE_IDLE,
	FOO_STATE_LEGACY,
	FOO_STATE_RUNNING,
};

struct foo_dev {
	struct device *dev;
	struct mutex lock;
	enum foo_state state;
};
