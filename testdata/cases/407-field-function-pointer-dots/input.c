struct widget_ops {
	int (*open)(struct widget *w, int flags);
	void (*close)(struct widget *w);
	int refcount;
};

struct plain {
	int a;
	long b;
};
