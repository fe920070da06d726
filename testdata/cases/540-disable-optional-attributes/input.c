static struct clk_ops gate_ops __ro_after_init = {
	.enable		= gate_enable,
	.disable	= gate_disable,
};

static struct clk_ops mux_ops = {
	.set_parent	= mux_set_parent,
};
