#define CLK_INIT(r) { \
	.rate = (r), \
	.flags = 0, \
}

static struct clk_cfg cfg = CLK_INIT(48);
